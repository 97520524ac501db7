#!/usr/bin/env bash
# Builds Herald and serves it with the demo incident: installs what is missing, builds the
# release bundle and the server, then starts the server on 127.0.0.1 and prints the URL.
#
#   HERALD_BIND=127.0.0.1:8080   address to serve on (port 0 picks a free one)
#   HERALD_DB=target/herald-demo.db   SQLite file, created and seeded on first start
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
herald_setup run

echo "[run] building the release bundle"
trunk build --release
bash scripts/bundle-size.sh
echo "[run] building the server"
cargo build --quiet --profile server -p herald-server

export HERALD_BIND="${HERALD_BIND:-127.0.0.1:8080}"
export HERALD_DB="${HERALD_DB:-target/herald-demo.db}"
echo "[run] starting the server (Ctrl-C stops it)"
exec target/server/herald-server --dist dist
