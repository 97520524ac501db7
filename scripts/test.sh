#!/usr/bin/env bash
# Runs every test Herald has: style and lints, the domain and server with cargo test, the
# components in headless Chromium, and the release bundle end to end against the real server.
# Installs what is missing first. The last line is the total: "N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
started=$SECONDS
herald_setup test
# The bucket test runs the store the set-up installed.
export HERALD_S3S_FS="$HERALD_TOOLS/s3s/bin/s3s-fs"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }

step "formatting and lints"
cargo fmt --all -- --check
cargo clippy --quiet --workspace --all-targets -- -D warnings
cargo clippy --quiet -p herald --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
cargo clippy --quiet --manifest-path fuzz/Cargo.toml --no-default-features --all-targets --target-dir target -- -D warnings

step "domain and server (cargo test)"
cargo test -p herald-domain -p herald-server 2>&1 | tee -a "$log"
# The browser builds the domain without every-problem and on regex-lite (fast-patterns off):
# its feed fallback and the comms check as the console runs it are tested too.
cargo test -p herald-domain --no-default-features --lib --test comms_check --test review_real_updates 2>&1 | tee -a "$log"

step "the web crate's pure code, natively (cargo test -p herald --lib)"
cargo test -p herald --lib 2>&1 | tee -a "$log"

step "fuzz corpus replayed (every input the fuzzer kept, no fuzzer needed)"
cargo test --manifest-path fuzz/Cargo.toml --no-default-features --target-dir target 2>&1 | tee -a "$log"

step "components in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60 \
  cargo test -p herald --target wasm32-unknown-unknown 2>&1 | tee -a "$log"

step "release bundle"
bash scripts/build-bundles.sh
bash scripts/bundle-size.sh --check

step "end to end: release bundle + herald-server in headless Chromium"
cargo build --quiet -p herald-server
node --test --test-concurrency=1 --test-reporter=tap tests/e2e/*.test.mjs 2>&1 | tee -a "$log"
# The faults suite in short: 60 updates; scripts/test-long.sh runs all 500.
FAULT_UPDATES=60 node --test --test-reporter=tap tests/e2e/long/faults.test.mjs 2>&1 | tee -a "$log"

passed=$(( $(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}') \
         + $(grep -oE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
failed=$(( $(grep -oE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}') \
         + $(grep -oE '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
echo
echo "[test] every suite ran in $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
