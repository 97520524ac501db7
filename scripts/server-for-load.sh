# Sourced by scripts/bench-server.sh and scripts/load.sh: builds the server and the load
# client, and starts the server on a free loopback port with fresh tokens and database.
# Sets work, server_pid, herald (host:port), read_token and write_token; the caller's EXIT
# trap stops the server (`kill "$server_pid"`) and removes "$work".

say "building the server and the load client (profile server)"
cargo build --quiet --profile server -p herald-server --bin herald-server --example load

work=$(mktemp -d)
read_token=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
write_token=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

HERALD_READ_TOKEN=$read_token HERALD_WRITE_TOKEN=$write_token \
  target/server/herald-server --bind 127.0.0.1:0 --db "$work/herald.db" --dist /nonexistent \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q "Herald is serving" "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
herald=$(grep -o 'http://[0-9.:]*' "$work/server.out" | head -1 | sed 's|http://||')
[[ -n $herald ]] || { cat "$work/server.err"; exit 1; }
say "herald-server on $herald (pid $server_pid)"
