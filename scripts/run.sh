#!/usr/bin/env bash
# Installs what is needed, builds, and opens the console: on the given workspace file, or on the demo sandbox
# when there is nothing else to open.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh"
console="${CMIC_BUILD_DIR:-$here/build}/src/app/cmic-oauth-console"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display found; starting a virtual one (Xvfb :97). Connect with a VNC viewer or set DISPLAY." >&2
  Xvfb :97 -screen 0 1600x1000x24 >/dev/null 2>&1 &
  export DISPLAY=:97
  sleep 1
fi
if [ $# -gt 0 ]; then
  exec "$console" "$@"
fi
exec "$console" --demo
