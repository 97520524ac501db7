#!/usr/bin/env bash
# Installs what Herald needs and skips what is already there. Sourced by scripts/run.sh and
# scripts/test.sh; `bash scripts/setup.sh [run|test]` runs it alone.
#
# Everything comes from the package registries (crates.io, npm, Debian): Trunk is configured
# offline and never downloads a tool itself.

set -euo pipefail

HERALD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tools that are not cargo binaries live outside the clone, so a fresh clone reuses them.
HERALD_TOOLS="${HERALD_TOOLS:-$HOME/.cache/herald-tools}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"

export PATH="$HOME/.cargo/bin:$HERALD_TOOLS/binaryen/node_modules/.bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The wasm-bindgen version the app is locked to; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$HERALD_ROOT/Cargo.lock"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then return; fi
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

ensure_trunk() {
  # Trunk 0.22 needs a newer rustc than this machine's 1.95, so stay on 0.21.x.
  if command -v trunk >/dev/null && trunk --version | grep -q '^trunk 0\.21\.'; then return; fi
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
}

ensure_wasm_bindgen() {
  local version
  version="$(wasm_bindgen_version)"
  if [ -z "$version" ]; then echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; fi
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version)" = "wasm-bindgen $version" ] \
    && command -v wasm-bindgen-test-runner >/dev/null; then return; fi
  say "installing wasm-bindgen-cli $version (about 4 minutes)"
  # Not --locked: the CLI's own lock file names a crate version the registry no longer has.
  cargo install --force wasm-bindgen-cli --version "$version"
}

ensure_wasm_opt() {
  # Debian's binaryen (wasm-opt 108) mis-optimises rustc 1.95 output into a blank page; the npm
  # package carries a current binaryen.
  if command -v wasm-opt >/dev/null && wasm-opt --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    return
  fi
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  mkdir -p "$HERALD_TOOLS/binaryen"
  npm install --silent --no-audit --no-fund --prefix "$HERALD_TOOLS/binaryen" "binaryen@$BINARYEN_VERSION"
  hash -r
  wasm-opt --version | grep -q "version ${BINARYEN_VERSION%%.*}" \
    || { echo "setup: wasm-opt on PATH is not binaryen $BINARYEN_VERSION: $(command -v wasm-opt)" >&2; exit 1; }
}

ensure_chromium() {
  # A CJK font too: without one the Chinese pages render as empty boxes in screenshots.
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
    && [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then return; fi
  say "installing Debian's chromium, chromium-driver and a Chinese font"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium chromium-driver fonts-wqy-zenhei >/dev/null
}

ensure_nginx() {
  # The public site's end-to-end test serves the published folder with a real nginx, started
  # and stopped by the test itself (site/deploy/nginx.conf), never as a system service.
  if [ -x /usr/sbin/nginx ]; then return; fi
  say "installing Debian's nginx-light (the status site's test serves the published folder with it)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
}

S3S_FS_VERSION=0.14.1
ensure_s3s_fs() {
  # A real S3-compatible store that checks request signatures, for the public site's bucket
  # test (server/tests/bucket.rs), started and stopped by the test. 0.14.1 is the newest that
  # builds on rustc 1.95.
  local bin="$HERALD_TOOLS/s3s/bin/s3s-fs"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "$S3S_FS_VERSION"; then return; fi
  say "installing s3s-fs $S3S_FS_VERSION from crates.io (an S3-compatible store for the tests)"
  cargo install --quiet s3s-fs --version "$S3S_FS_VERSION" --features binary --root "$HERALD_TOOLS/s3s"
}

ensure_e2e_packages() {
  local dir="$HERALD_ROOT/tests/e2e"
  # Reinstall only when the lock file changed since the last install.
  if [ -f "$dir/node_modules/.package-lock.json" ] \
    && cmp -s <(grep -v '"lockfileVersion"' "$dir/package-lock.json" | grep '"version"') \
              <(grep -v '"lockfileVersion"' "$dir/node_modules/.package-lock.json" | grep '"version"'); then
    return
  fi
  say "installing the end-to-end test packages (playwright-core, and smtp-server for the loopback relay; no browser download)"
  npm ci --silent --no-audit --no-fund --prefix "$dir"
}

ensure_crates() {
  # Trunk builds offline, so every crate must be in the local registry first.
  cargo fetch --manifest-path "$HERALD_ROOT/Cargo.toml" --quiet
}

herald_setup() {
  local purpose="${1:-run}"
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_crates
  if [ "$purpose" = test ]; then
    ensure_chromium
    ensure_nginx
    ensure_s3s_fs
    ensure_e2e_packages
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  herald_setup "${1:-run}"
  say "ready"
fi
