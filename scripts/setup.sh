#!/bin/sh
# Installs the Debian packages newsdesk needs, when any is missing; safe to run again.
#   scripts/setup.sh          what building and running need (make, make run, make install)
#   scripts/setup.sh --test   that, and what the tests need besides (make test, .ci/run)
set -e
# Building and running: the compiler and CMake, the libraries, python3 (CMake's test set-up and
# the gazetteer script), iso-codes (the gazetteer's country names).
RUN_PACKAGES="build-essential cmake pkg-config python3 libxml2-dev libcurl4-openssl-dev libcjson-dev \
libutf8proc-dev libstemmer-dev libxxhash-dev zlib1g-dev libsqlite3-dev iso-codes libmicrohttpd-dev libpq-dev"
# Testing only: the browser test (chromium), the load benchmark (wrk), the two-engine test under
# Helgrind (valgrind), the sanitizers under clang too (clang), the man page check (groff-base,
# man-db), the fresh-clone test (git), the PostgreSQL store's tests (postgresql).
TEST_PACKAGES="chromium wrk valgrind clang groff-base man-db git postgresql"

PACKAGES=$RUN_PACKAGES
[ "${1:-}" = "--test" ] && PACKAGES="$RUN_PACKAGES $TEST_PACKAGES"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
  echo "setup: installing$missing" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The gazetteer for `newsdesk extract` (countries, demonyms, cities with coordinates): two npm
# packages installed into build/gazetteer/ (never the repository) and turned into
# build/gazetteer/places.tsv by scripts/gazetteer.sh. Needs npm (Debian's package when absent).
# Soft: without it `extract` runs with places from text cues and the seed test skips.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -s "$root/build/gazetteer/places.tsv" ] || ! grep -q "	given	" "$root/build/gazetteer/places.tsv"; then
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null 2>&1 ||
      { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null 2>&1; } || true
  fi
  sh "$root/scripts/gazetteer.sh" || echo "setup: gazetteer not built; extract will use text cues only" >&2
fi
