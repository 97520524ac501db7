#!/usr/bin/env bash
# Coverage-guided fuzzing of the domain's parsers (feed, Statuspage, templates, comms check,
# Markdown, writes) with cargo fuzz and libFuzzer, for a fixed budget per target.
#
#   scripts/fuzz.sh                     # every target, FUZZ_SECONDS each (default 120)
#   FUZZ_SECONDS=600 scripts/fuzz.sh feed statuspage
#
# Runs on stable Rust: `--sanitizer none` needs no nightly flag. What each target checks is
# in fuzz/src/lib.rs. New inputs that reach new code are kept in fuzz/corpus/<target> and the
# corpus is minimised afterwards, so it can be committed; `cargo test` in fuzz/ replays it.
# A crash or a hang (over 10 s for one input) fails the run and leaves the input in
# fuzz/artifacts/<target>/, with the command that reproduces it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

FUZZ_SECONDS="${FUZZ_SECONDS:-120}"
CARGO_FUZZ_VERSION="0.13.2"
ALL_TARGETS=(feed statuspage template check markdown command)
targets=("$@")
((${#targets[@]})) || targets=("${ALL_TARGETS[@]}")

say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }

if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (under a minute)"
  cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

say "building the targets (release, coverage instrumentation, no sanitizer)"
cargo fuzz build -s none

log_dir="target/fuzz-logs"
mkdir -p "$log_dir"
summary=()
failed=0
for target in "${targets[@]}"; do
  say "$target: ${FUZZ_SECONDS} s"
  log="$log_dir/$target.log"
  status=0
  cargo fuzz run -s none "$target" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  per_second=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
  if ((status != 0)); then
    failed=1
    grep -E "panicked|ERROR|Test unit written" "$log" | head -5 || true
    say "$target FAILED; input kept in fuzz/artifacts/$target/; reproduce with: cargo fuzz run -s none $target fuzz/artifacts/$target/<file>"
  fi
  # Keep only inputs that add coverage, so the committed corpus stays small.
  cargo fuzz cmin -s none "$target" >"$log_dir/$target.cmin.log" 2>&1 || true
  files=$(find "fuzz/corpus/$target" -type f | wc -l)
  summary+=("$(printf '%-11s %6s s %12s runs %8s/s %6s kept %s' "$target" "$FUZZ_SECONDS" \
    "${runs:-0}" "${per_second:-0}" "$files" "$( ((status == 0)) && echo ok || echo FAILED)")")
done

echo
printf '%s\n' "${summary[@]}"
say "reproduce: FUZZ_SECONDS=$FUZZ_SECONDS scripts/fuzz.sh ${targets[*]}"
exit "$failed"
