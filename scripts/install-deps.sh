#!/usr/bin/env bash
# Installs every Debian 12 package the console, its tests and its benchmarks need, then the Node packages of the
# interop tests. Idempotent: packages already present are not reinstalled. Uses sudo when not root.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  cmake ninja-build g++ clang clang-format libclang-rt-14-dev pkg-config util-linux
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n linguist-qt6
  qt6-svg-dev qtkeychain-qt6-dev libssl-dev zlib1g-dev libgl-dev openssl ca-certificates
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools imagemagick xdotool
  sqlite3 openjdk-17-jdk-headless python3 python3-yaml curl poppler-utils
  dpkg-dev fakeroot file binutils lintian appstream desktop-file-utils shared-mime-info libxml2-utils librsvg2-bin
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and sudo is missing; run this as root." >&2; exit 1; }
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

# Node.js runs the interop IdP (oidc-provider) and the `jose` oracle. Debian's own npm package fights the
# Node.js 20 these machines have, so we only check for it here.
if [ -f "$here/tests/interop/package.json" ]; then
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    echo "install-deps: Node.js 20 or newer is needed for the interop tests (found: $(node --version 2>/dev/null || echo none))." >&2
    echo "install-deps: install Node.js 20 (e.g. the nodejs package from NodeSource) and run this again." >&2
    exit 1
  fi
  if [ ! -d "$here/tests/interop/node_modules" ] || [ "$here/tests/interop/package-lock.json" -nt "$here/tests/interop/node_modules" ]; then
    (cd "$here/tests/interop" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$here/tests/interop/node_modules"
  fi
fi
