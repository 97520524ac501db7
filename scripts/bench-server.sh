#!/usr/bin/env bash
# Server benchmark (not a test: it prints figures and asserts nothing). In one run:
#   1. requests per second for /api/v2/summary.json, plain and with If-None-Match, against
#      nginx serving the same bytes as a static file, with the ratio;
#   2. 1,000 event-stream clients held for 60 s, with the server's memory;
#   3. the time from a POST to the event reaching the clients, p50 and p95.
#
#   scripts/bench-server.sh            # full run (about 3 minutes)
#   DURATION=5 CLIENTS=200 HOLD=10 scripts/bench-server.sh   # a quick look
#
# Installs wrk and nginx from Debian's packages if missing. Loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${DURATION:-15}"
CLIENTS="${CLIENTS:-1000}"
HOLD="${HOLD:-60}"
POSTS="${POSTS:-50}"
CONNECTIONS="${CONNECTIONS:-64}"

say() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
if ((${#missing[@]})); then
  say "installing ${missing[*]} from Debian's packages"
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd=sudo
  $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=""
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [[ -n $work ]] && rm -rf "$work"
}
trap cleanup EXIT
source scripts/server-for-load.sh

# nginx serves the very bytes Herald serves, as a static file with its own ETag.
mkdir -p "$work/www/api/v2"
curl -s "http://$herald/api/v2/summary.json" >"$work/www/api/v2/summary.json"
nginx_port=$((20000 + RANDOM % 20000))
cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 4096; }
http {
  access_log off;
  etag on;
  default_type application/json;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
EOF
"$NGINX" -c "$work/nginx.conf" -p "$work"
sleep 0.5
say "nginx on 127.0.0.1:$nginx_port ($("$NGINX" -v 2>&1 | sed 's/.*: //'))"

bytes=$(wc -c <"$work/www/api/v2/summary.json")
herald_etag=$(curl -sI "http://$herald/api/v2/summary.json" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
nginx_etag=$(curl -sI "http://127.0.0.1:$nginx_port/api/v2/summary.json" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

rps() { # url [header] -> requests per second
  local out
  if [[ -n ${2:-} ]]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$2" "$1")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$1")
  fi
  if grep -q "Non-2xx or 3xx" <<<"$out"; then echo "errors: $out" >&2; fi
  awk '/Requests\/sec/{print $2}' <<<"$out"
}

say "summary.json is $bytes bytes; wrk -t2 -c$CONNECTIONS -d${DURATION}s per run (two cores shared by server and load)"
h_full=$(rps "http://$herald/api/v2/summary.json")
n_full=$(rps "http://127.0.0.1:$nginx_port/api/v2/summary.json")
h_304=$(rps "http://$herald/api/v2/summary.json" "If-None-Match: $herald_etag")
n_304=$(rps "http://127.0.0.1:$nginx_port/api/v2/summary.json" "If-None-Match: $nginx_etag")
kill "$(cat "$work/nginx.pid")" && rm -f "$work/nginx.pid"

printf '%-28s %12s %12s %8s\n' "GET /api/v2/summary.json" "herald req/s" "nginx req/s" "ratio"
printf '%-28s %12.0f %12.0f %8.2f\n' "200 (full body)" "$h_full" "$n_full" "$(echo "$h_full / $n_full" | bc -l)"
printf '%-28s %12.0f %12.0f %8.2f\n' "304 (If-None-Match)" "$h_304" "$n_304" "$(echo "$h_304 / $n_304" | bc -l)"

say "event streams: $CLIENTS clients held ${HOLD}s, then $POSTS updates"
target/server/examples/load "$herald" "$read_token" "$write_token" "$server_pid" "$CLIENTS" "$HOLD" "$POSTS"

say "reproduce: scripts/bench-server.sh (DURATION=$DURATION CLIENTS=$CLIENTS HOLD=$HOLD POSTS=$POSTS CONNECTIONS=$CONNECTIONS)"
