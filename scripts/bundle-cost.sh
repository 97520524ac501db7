#!/usr/bin/env bash
# What each crate and each of Herald's modules costs in each browser bundle: builds the wasm of
# every bundle as Trunk does (release profile, the same RUSTFLAGS), keeps the function names
# (wasm-bindgen without wasm-opt), and sums twiggy's shallow sizes by crate, or by module for
# Herald's own crates. A benchmark, not a test: figures are bytes of code before wasm-opt, so
# they rank the costs; the shipped gzip sizes are scripts/bundle-size.sh's.
#
#   scripts/bundle-cost.sh [ROWS]      (needs twiggy: cargo install twiggy)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows="${1:-25}"
command -v twiggy >/dev/null || { echo "bundle-cost: needs twiggy (cargo install twiggy)" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bins=(herald herald-console herald-support)
cargo build -q --release --target wasm32-unknown-unknown $(printf -- '--bin %s ' "${bins[@]}")
for bin in "${bins[@]}"; do
  wasm-bindgen --target web --out-dir "$out/$bin" "target/wasm32-unknown-unknown/release/$bin.wasm"
  twiggy top -n 1000000 -f csv "$out/$bin/${bin}_bg.wasm" > "$out/$bin.csv" 2>/dev/null
done
python3 - "$rows" "$out" "${bins[@]}" <<'PY'
import collections, csv, re, sys
rows, out, bins = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
OWN = ("herald", "herald_domain", "herald_console", "herald_support")
def owner(name):
    if name.startswith("data segment"):
        return "(data: strings and tables)"
    if name.startswith(("custom section", '"function names"')):
        return None
    paths = re.findall(r"([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::([A-Za-z_][A-Za-z0-9_]*)", name)
    own = [p for p in paths if p[0] in OWN]
    if own:
        return f"{own[0][0]}::{own[0][1]}"
    crates = [p[0] for p in paths if p[0] not in ("core", "alloc", "std")]
    return crates[0] if crates else (paths[0][0] if paths else "(unnamed)")
cost = {}
for b in bins:
    c = collections.Counter()
    for r in csv.DictReader(open(f"{out}/{b}.csv")):
        o = owner(r["Name"])
        if o:
            c[o] += int(r["ShallowSize"])
    cost[b] = c
total = collections.Counter()
for c in cost.values():
    total.update(c)
print("| crate or module | " + " | ".join(bins) + " |")
print("| --- |" + " ---: |" * len(bins))
for name, _ in total.most_common(rows):
    print(f"| {name} | " + " | ".join(f"{cost[b][name]:,}" for b in bins) + " |")
print("| all | " + " | ".join(f"{sum(cost[b].values()):,}" for b in bins) + " |")
PY
echo "reproduce: scripts/bundle-cost.sh $rows"
