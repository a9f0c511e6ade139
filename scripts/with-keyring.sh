#!/usr/bin/env bash
# Runs inside dbus-run-session: gives the tests a throw-away HOME with an unlocked gnome-keyring, then ctest.
set -euo pipefail
home=$(mktemp -d -t cmic-test-home.XXXXXX)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_DATA_HOME=$home/.local/share XDG_CONFIG_HOME=$home/.config XDG_RUNTIME_DIR=$home/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf '\n' | gnome-keyring-daemon --unlock --components=secrets)"
cd "$CMIC_BUILD_DIR"

ctest --output-on-failure --no-tests=error -j 2 "$@"
