#!/usr/bin/env bash
# Regenerates docs/screenshots/ from the real widgets: the console on the demo sandbox under Xvfb (a real X server,
# as an admin's desktop), light and dark, English and French (Canada), at 1600x1000. Builds make_screenshots first.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CMIC_BUILD_DIR:-$here/build}
out=${1:-$here/docs/screenshots}
cmake -S "$here" -B "$build" -G Ninja -DCMIC_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target make_screenshots
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1 # the X server is up well within a second
export DISPLAY=$display QT_QPA_PLATFORM=xcb
program=$build/tests/screenshots/make_screenshots
mkdir -p "$out"
CMIC_UI_LANGUAGE=en "$program" --out "$out" --theme light
CMIC_UI_LANGUAGE=en "$program" --out "$out" --theme dark --suffix -dark
CMIC_UI_LANGUAGE=fr_CA "$program" --out "$out" --theme light --suffix -fr_CA
echo "screenshots written to $out"
