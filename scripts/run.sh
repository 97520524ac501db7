#!/usr/bin/env bash
# Builds Herald and serves it with the demo incident: installs what is missing, builds the
# release bundle and the server, then starts the server on 127.0.0.1 and prints the URL.
#
#   HERALD_BIND=127.0.0.1:8080   address to serve on (port 0 picks a free one)
#   HERALD_DB=target/herald-demo.db   SQLite file, created and seeded on first start
#   HERALD_FIXED_DEMO_TIMES=true      seed the demo with its file's times instead of now's
#
# The demo lets anyone on this machine read the internal feed (--open-reads, loopback only) and
# keeps its tokens in target/herald-demo.tokens (made on first run): the write token is what the
# console asks for, and what curl sends as `Authorization: Bearer ...`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
herald_setup run

echo "[run] building the release bundle"
bash scripts/build-bundles.sh
bash scripts/bundle-size.sh
echo "[run] building the server"
cargo build --quiet --profile server -p herald-server

export HERALD_BIND="${HERALD_BIND:-127.0.0.1:8080}"
export HERALD_DB="${HERALD_DB:-target/herald-demo.db}"
tokens=target/herald-demo.tokens
if [[ ! -s $tokens ]]; then
  umask 077
  printf 'read = %s\nwrite = %s\n' "$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" \
    "$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" > "$tokens"
fi
echo "[run] starting the server (Ctrl-C stops it); a new database gets the demo placed at now"
# --guide prints each page's URL, where the write token is and a curl that posts an update.
exec target/server/herald-server --dist dist --open-reads --guide --token-file "$tokens"
