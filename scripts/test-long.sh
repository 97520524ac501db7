#!/usr/bin/env bash
# The long suites (about 25 minutes), kept out of the test command: coverage-guided fuzzing of
# the domain's parsers for a fixed budget, 500 updates published through the console's outbox
# while the server is killed at random, and 1,000 event-stream clients held beside a sustained
# load on the public summary. Each prints its figures; RELIABILITY.md records them.
#
#   scripts/test-long.sh                       # everything
#   FUZZ_SECONDS=30 SOAK=30 scripts/test-long.sh   # shorter budgets
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
herald_setup test
started=$SECONDS
step() { printf '\n\033[1m[long] %s\033[0m\n' "$*"; }
failed=()

step "fuzzing: ${FUZZ_SECONDS:-120} s per target"
bash scripts/fuzz.sh || failed+=(fuzzing)

step "publishing under faults: ${FAULT_UPDATES:-500} updates, server killed at random"
bash scripts/build-bundles.sh
cargo build --quiet -p herald-server
node --test --test-reporter=spec tests/e2e/long/faults.test.mjs || failed+=(faults)

step "load: ${CLIENTS:-1000} event clients beside a sustained summary load for ${SOAK:-120} s"
bash scripts/load.sh || failed+=(load)

echo
echo "[long] every suite ran in $((SECONDS - started)) s"
if ((${#failed[@]})); then
  echo "[long] FAILED: ${failed[*]}"
  exit 1
fi
echo "[long] all held"
