#!/bin/sh
# Builds the real-code corpora stacklint is measured on: Debian's packaged
# Django, SQLAlchemy, Flask and FastAPI, downloaded (not installed) and
# unpacked into a cache folder outside the repository, plus the standard
# library of the python3 on PATH. Prints one "name<TAB>path" line per corpus.
#
#   bench/corpora.sh [CACHE]       (default: $STACKLINT_CORPORA or ~/.cache/stacklint-corpora)
#
# Rerunning reuses what is already unpacked; delete the cache folder to refresh.
set -eu

CACHE="${1:-${STACKLINT_CORPORA:-$HOME/.cache/stacklint-corpora}}"
PACKAGES="python3-django python3-sqlalchemy python3-flask python3-fastapi"

mkdir -p "$CACHE/debs"
for package in $PACKAGES; do
  target="$CACHE/$package"
  if [ ! -d "$target/usr" ]; then
    # apt-get download writes into the current folder; a subshell keeps ours.
    if ! ls "$CACHE/debs/${package}_"*.deb >/dev/null 2>&1; then
      (cd "$CACHE/debs" && apt-get download "$package" >&2) || {
        echo "corpora: apt-get download $package failed (run 'apt-get update' once?)" >&2
        exit 1
      }
    fi
    rm -rf "$target.partial"
    mkdir -p "$target.partial"
    dpkg -x "$(ls "$CACHE/debs/${package}_"*.deb | tail -n 1)" "$target.partial"
    mv "$target.partial" "$target"
  fi
  # The package's own Python tree: usr/lib/python3/dist-packages/<top-level packages>.
  dist="$target/usr/lib/python3/dist-packages"
  [ -d "$dist" ] || { echo "corpora: $package has no dist-packages folder" >&2; exit 1; }
  printf '%s\t%s\n' "${package#python3-}" "$dist"
done

stdlib="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
printf 'stdlib\t%s\n' "$stdlib"
