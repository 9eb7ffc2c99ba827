#!/bin/sh
# Installs the Debian packages newsdesk builds and tests with, when any is missing.
# Used by `make`, `make run`, `make test` and `.ci/run`; safe to run again.
set -e
PACKAGES="build-essential cmake pkg-config python3 libxml2-dev libcjson-dev libutf8proc-dev \
libstemmer-dev libxxhash-dev zlib1g-dev libsqlite3-dev"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
