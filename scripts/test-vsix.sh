#!/usr/bin/env bash
# Runs the editor tests against the packaged extension: unpacks the .vsix and
# points the runner at it, so a file missing from the allow-list fails here.
# Usage: scripts/test-vsix.sh [stacklint.vsix]   (after "npm run package")
set -euo pipefail
cd "$(dirname "$0")/.."
VSIX=${1:-stacklint.vsix}
[ -f "$VSIX" ] || { echo "$VSIX not found: run \"npm run package\" first" >&2; exit 2; }
command -v unzip >/dev/null || { echo "test-vsix needs unzip (apt-get install unzip)" >&2; exit 3; }
UNPACKED=$(mktemp -d /tmp/stacklint-vsix-XXXXXX)
trap 'rm -rf "$UNPACKED"' EXIT
unzip -q "$VSIX" -d "$UNPACKED"
STACKLINT_EXTENSION_DIR="$UNPACKED/extension" node scripts/run-editor-tests.js
