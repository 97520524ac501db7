#!/usr/bin/env bash
# Prints the release bundle's size (wasm and js, raw and gzip). With --check, fails when a
# budget is exceeded, so size creep is caught by the test command rather than by users.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DIST="${DIST:-dist}"
# Budgets in bytes, gzip: a viewer on a slow phone connection pays these before seeing status.
WASM_GZIP_BUDGET="${WASM_GZIP_BUDGET:-340000}"
JS_GZIP_BUDGET="${JS_GZIP_BUDGET:-9000}"

size_of() { stat -c %s "$1"; }
gzip_size_of() { gzip -9 -c "$1" | wc -c; }

wasm="$(ls "$DIST"/*_bg.wasm 2>/dev/null | head -n 1)"
js="$(ls "$DIST"/herald-*.js 2>/dev/null | head -n 1)"
if [ -z "$wasm" ] || [ -z "$js" ]; then
  echo "bundle-size: no built bundle in $DIST (run trunk build --release first)" >&2
  exit 1
fi

wasm_raw=$(size_of "$wasm"); wasm_gz=$(gzip_size_of "$wasm")
js_raw=$(size_of "$js"); js_gz=$(gzip_size_of "$js")
printf 'Release bundle (%s):\n' "$DIST"
printf '  %-5s %9s bytes raw  %9s bytes gzip   %s\n' wasm "$wasm_raw" "$wasm_gz" "$(basename "$wasm")"
printf '  %-5s %9s bytes raw  %9s bytes gzip   %s\n' js "$js_raw" "$js_gz" "$(basename "$js")"
printf '  %-5s %9s bytes raw  %9s bytes gzip\n' total "$((wasm_raw + js_raw))" "$((wasm_gz + js_gz))"

if [ "${1:-}" = --check ]; then
  status=0
  if [ "$wasm_gz" -gt "$WASM_GZIP_BUDGET" ]; then
    echo "bundle-size: wasm is $wasm_gz bytes gzip, over the $WASM_GZIP_BUDGET budget" >&2; status=1
  fi
  if [ "$js_gz" -gt "$JS_GZIP_BUDGET" ]; then
    echo "bundle-size: js is $js_gz bytes gzip, over the $JS_GZIP_BUDGET budget" >&2; status=1
  fi
  [ "$status" = 0 ] && echo "  within budget (wasm ≤ $WASM_GZIP_BUDGET, js ≤ $JS_GZIP_BUDGET bytes gzip)"
  exit "$status"
fi
