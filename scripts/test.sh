#!/usr/bin/env bash
# Installs what is needed, builds with warnings as errors, and runs every test against the real Secret Service
# (gnome-keyring in a private D-Bus session) with the offscreen Qt platform. Extra arguments go to ctest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CMIC_BUILD_DIR:-$here/build}
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh" -DCMIC_WERROR=ON -DCMIC_BUILD_TESTS=ON
export QT_QPA_PLATFORM=offscreen
export CMIC_BUILD_DIR=$build

exec dbus-run-session -- bash "$here/scripts/with-keyring.sh" "$@"
