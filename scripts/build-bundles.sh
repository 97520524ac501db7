#!/usr/bin/env bash
# Builds every release bundle with Trunk: the internal feed into dist/ (with the widget in
# dist/widget/), then the console and the support kit into
# dist/<page>/, served at /<page>/. The feed build cleans dist/, so it goes first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
trunk build --release
for page in console support; do
  trunk build --release --dist "dist/$page" --public-url "/$page/" "$page/index.html"
done
