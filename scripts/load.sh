#!/usr/bin/env bash
# Load suite (a long suite: scripts/test-long.sh runs it). 1,000 event-stream clients are held
# open while wrk keeps the public summary under sustained load and an update is posted every
# few seconds. It fails when a request errs, a client is dropped, an event is missed, or the
# server's memory keeps growing; it prints the figures either way.
#
#   scripts/load.sh                         # 1,000 clients, 120 s
#   CLIENTS=200 SOAK=20 scripts/load.sh     # a quick look
#
# Installs wrk from Debian's packages if missing. Loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CLIENTS="${CLIENTS:-1000}"
SOAK="${SOAK:-120}"
POSTS="${POSTS:-50}"
POST_EVERY="${POST_EVERY:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
# Memory is bounded when it stops growing: at most this much over the second half of the soak.
GROWTH_LIMIT_PERCENT="${GROWTH_LIMIT_PERCENT:-10}"

say() { printf '\033[1m[load]\033[0m %s\n' "$*"; }

if ! command -v wrk >/dev/null; then
  say "installing wrk from Debian's packages"
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

work=""
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n ${wrk_pid:-} ]] && kill "$wrk_pid" 2>/dev/null || true
  [[ -n $work ]] && rm -rf "$work"
}
trap cleanup EXIT
source scripts/server-for-load.sh

# The summary load runs for the whole soak and the measured posts after it.
wrk_seconds=$((SOAK + POSTS / 5 + 20))
wrk -t1 -c"$CONNECTIONS" -d"${wrk_seconds}s" --latency "http://$herald/api/v2/summary.json" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
say "wrk -t1 -c$CONNECTIONS -d${wrk_seconds}s on /api/v2/summary.json; $CLIENTS event clients held ${SOAK}s, an update every ${POST_EVERY}s"

status=0
target/server/examples/load "$herald" "$read_token" "$write_token" "$server_pid" \
  "$CLIENTS" "$SOAK" "$POSTS" "$POST_EVERY" | tee "$work/load.out" || status=1
wait "$wrk_pid" || status=1
wrk_pid=""

echo
sed -n '/Requests\/sec/p;/Latency Distribution/,/99%/p;/requests in/p;/Socket errors/p;/Non-2xx/p' "$work/wrk.out"
if grep -qE "Socket errors|Non-2xx" "$work/wrk.out"; then
  say "summary load had errors"
  status=1
fi
growth=$(grep -oE 'growth since [+-][0-9.]+' "$work/load.out" | grep -oE '[+-][0-9.]+' || echo 0)
if awk -v g="$growth" -v limit="$GROWTH_LIMIT_PERCENT" 'BEGIN { exit !(g > limit) }'; then
  say "memory grew ${growth}% over the second half of the soak (limit ${GROWTH_LIMIT_PERCENT}%)"
  status=1
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
  say "the server died"; cat "$work/server.err"; status=1
fi
say "reproduce: CLIENTS=$CLIENTS SOAK=$SOAK POSTS=$POSTS POST_EVERY=$POST_EVERY CONNECTIONS=$CONNECTIONS scripts/load.sh"
((status == 0)) && say "held: no request error, no client dropped, no event missed, memory flat" || say "FAILED"
exit "$status"
