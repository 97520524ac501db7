#!/usr/bin/env bash
# Builds every release bundle with Trunk: the internal feed into dist/ and the console into
# dist/console/ (served at /console/). The feed build cleans dist/, so it goes first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
trunk build --release
trunk build --release --dist dist/console --public-url /console/ console/index.html
