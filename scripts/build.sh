#!/usr/bin/env bash
# Configures and builds into ./build (or $CMIC_BUILD_DIR). Extra arguments go to CMake's configure step.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CMIC_BUILD_DIR:-$here/build}
cmake -S "$here" -B "$build" -G Ninja "$@"
cmake --build "$build" -j "$(nproc)"
