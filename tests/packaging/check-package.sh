#!/usr/bin/env bash
# The packaging checks (ctest -L packaging; tests/packaging/CMakeLists.txt registers one test per subcommand).
#   check-package.sh build      make the .deb and the .tar.gz with CPack into $CMIC_PKG_DIR (the fixture)
#   check-package.sh desktop    desktop-file-validate: no error, warning or hint
#   check-package.sh appstream  appstreamcli validate --pedantic --no-net on the metainfo, validate-tree on the .deb
#   check-package.sh mime       the MIME package gives *.cmic-oauth.json its type; the desktop entry opens it
#   check-package.sh lintian    lintian on the .deb: no error and no warning (overrides: packaging/lintian-overrides)
#   check-package.sh contents   the .deb's fields and file list, ownership, stripped binaries without RPATH, PNGs
#   check-package.sh install    as root: dpkg -i, run /usr/bin/*, dpkg -r; otherwise dpkg-deb -x and run from there
# Environment: CMIC_SOURCE_DIR, CMIC_BUILD_DIR, CMIC_PKG_DIR, CMIC_VERSION (the project version), CMIC_APP_ID.
set -euo pipefail

src=${CMIC_SOURCE_DIR:?}
build=${CMIC_BUILD_DIR:?}
pkgdir=${CMIC_PKG_DIR:?}
version=${CMIC_VERSION:?}
appid=${CMIC_APP_ID:?}
revision=${CMIC_DEBIAN_REVISION:-1}
arch=$(dpkg --print-architecture)
deb=$pkgdir/cmic-oauth-console_${version}-${revision}_${arch}.deb
tgz=$pkgdir/cmic-oauth-console_${version}-${revision}_linux.tar.gz

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
need() {
  command -v "$1" >/dev/null || fail "$1 is missing (Debian: $2); scripts/install-deps.sh installs it"
}
need_deb() {
  [ -f "$deb" ] || fail "no package at $deb (the packaging_build test makes it)"
}
scratch=$(mktemp -d -t cmic-pkg.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

cmd_build() {
  need cpack cmake
  need dpkg-shlibdeps dpkg-dev
  rm -rf "$pkgdir"
  (cd "$build" && cpack --config CPackConfig.cmake -B "$pkgdir") || fail "cpack failed"
  [ -f "$deb" ] || fail "cpack made no $deb: $(ls "$pkgdir")"
  [ -f "$tgz" ] || fail "cpack made no $tgz: $(ls "$pkgdir")"
  echo "made $deb and $tgz"
}

cmd_desktop() {
  need desktop-file-validate desktop-file-utils
  local file=$src/packaging/$appid.desktop out
  out=$(desktop-file-validate "$file" 2>&1) || fail "desktop-file-validate: $out"
  [ -z "$out" ] || fail "desktop-file-validate reports: $out"
  # A workspace opens by double-click: the console takes one file (%f), for the workspace type.
  grep -qx 'Exec=cmic-oauth-console %f' "$file" || fail "Exec= must be 'cmic-oauth-console %f'"
  grep -qx 'MimeType=application/x-cmic-oauth-workspace;' "$file" || fail "MimeType= lacks the workspace type"
  grep -qx "Icon=$appid" "$file" || fail "Icon= must be $appid"
  echo "desktop entry valid"
}

cmd_appstream() {
  need appstreamcli appstream
  need_deb
  local meta=$build/packaging/$appid.metainfo.xml out
  out=$(appstreamcli validate --no-net --pedantic --no-color "$meta" 2>&1) || fail "appstreamcli validate: $out"
  echo "$out"
  # Pedantic notes are allowed only for the id's capitals (the reverse-DNS name keeps its CamelCase, as the
  # desktop entry's file name does); every error, warning and info fails.
  if echo "$out" | grep -E '^[EWI]:' >/dev/null; then
    fail "appstreamcli found issues"
  fi
  if echo "$out" | grep -E '^P:' | grep -v 'cid-contains-uppercase-letter' >/dev/null; then
    fail "appstreamcli pedantic notes beyond the id's capitals"
  fi
  grep -q "<release version=\"$version\" date=\"[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\"" "$meta" ||
    fail "the metainfo's release is not $version with a date"
  for binary in cmic-oauth-console cmic-oauth; do
    grep -q "<binary>$binary</binary>" "$meta" || fail "the metainfo does not provide $binary"
  done
  for shot in main-window validate-setup-result; do
    grep -q "docs/screenshots/$shot.png</image>" "$meta" || fail "no screenshot $shot"
    [ -f "$src/docs/screenshots/$shot.png" ] || fail "the screenshot docs/screenshots/$shot.png is not in the repository"
  done
  # The installed tree: metainfo, desktop entry and icon found where AppStream looks for them.
  dpkg-deb -x "$deb" "$scratch/root"
  out=$(appstreamcli validate-tree --no-net --no-color "$scratch/root" 2>&1) || fail "validate-tree: $out"
  echo "$out"
  if echo "$out" | grep -E '^[EW]:' >/dev/null; then fail "validate-tree found issues"; fi
  echo "AppStream metadata valid"
}

cmd_mime() {
  need update-mime-database shared-mime-info
  need xmllint libxml2-utils
  local xml=$src/packaging/$appid.mime.xml
  xmllint --noout "$xml" || fail "the MIME package is not well-formed XML"
  mkdir -p "$scratch/mime/packages"
  cp "$xml" "$scratch/mime/packages/$appid.xml"
  update-mime-database "$scratch/mime" >/dev/null || fail "update-mime-database refused the package"
  grep -q '^[0-9]*:application/x-cmic-oauth-workspace:\*\.cmic-oauth\.json' "$scratch/mime/globs2" ||
    fail "globs2 lacks *.cmic-oauth.json -> application/x-cmic-oauth-workspace: $(cat "$scratch/mime/globs2")"
  grep -q '^application/x-cmic-oauth-workspace application/json$' "$scratch/mime/subclasses" ||
    fail "the workspace type is not a kind of application/json"
  echo "MIME type valid"
}

cmd_lintian() {
  need lintian lintian
  need_deb
  local out status=0
  # --fail-on error,warning: anything worse than "info" fails. Run as root (CI), lintian says so and goes on.
  out=$(lintian --no-cfg --fail-on error,warning --display-info --allow-root "$deb" 2>&1) || status=$?
  echo "$out"
  [ $status -eq 0 ] || fail "lintian found errors or warnings (exit $status)"
  if echo "$out" | grep -E '^[EW]: ' >/dev/null; then fail "lintian found errors or warnings"; fi
  # The hardening lintian reports only as information: the binaries are built with -D_FORTIFY_SOURCE=2 and linked
  # with -z relro -z now (cmake/CmicCompilerFlags.cmake, CMIC_HARDENING), and must stay so.
  local tag
  for tag in hardening-no-fortify-functions hardening-no-bindnow hardening-no-relro; do
    if echo "$out" | grep -E "^I: .*: $tag( |$)" >/dev/null; then
      fail "lintian: $tag (build with CMIC_HARDENING=ON, in an optimised build type)"
    fi
  done
  echo "lintian: no errors, no warnings, hardened"
}

cmd_contents() {
  need dpkg-deb dpkg
  need file file
  need readelf binutils
  need_deb
  field() { dpkg-deb -f "$deb" "$1"; }
  [ "$(field Package)" = cmic-oauth-console ] || fail "Package: $(field Package)"
  [ "$(field Version)" = "$version-$revision" ] || fail "Version: $(field Version)"
  [ "$(field Section)" = net ] || fail "Section: $(field Section)"
  [ "$(field Priority)" = optional ] || fail "Priority: $(field Priority)"
  [[ "$(field Maintainer)" =~ ^[^\<]+\ \<[^@]+@[^\>]+\>$ ]] || fail "Maintainer is not 'Name <mail>': $(field Maintainer)"
  local description
  description=$(field Description)
  [[ "$(head -n1 <<<"$description")" == "set up and validate CMiC's OAuth 2.0 client-credentials flow" ]] ||
    fail "Description's synopsis: $(head -n1 <<<"$description")"
  [ "$(wc -l <<<"$description")" -ge 5 ] || fail "Description has no long description"
  # Depends: from dpkg-shlibdeps, the libraries the executables link, and nothing else.
  local depends
  depends=$(field Depends)
  for lib in libc6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6keychain1 libssl3; do
    grep -Eq "(^|, )$lib( |,|$)" <<<"$depends" || fail "Depends lacks $lib: $depends"
  done
  tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//' | while read -r dep; do
    [[ "$dep" =~ ^(lib|zlib1g$) ]] || fail "Depends holds $dep, which is no shared library package: $depends"
  done
  grep -q 'gnome-keyring' <<<"$depends" && fail "a keyring is a Recommends, not a Depends"

  local listing
  listing=$(dpkg-deb -c "$deb")
  # Every file and folder belongs to root.
  if awk '$2 != "root/root" { print; bad = 1 } END { exit !bad }' <<<"$listing"; then
    fail "entries not owned by root/root"
  fi
  local expected=(
    ./usr/bin/cmic-oauth-console
    ./usr/bin/cmic-oauth
    "./usr/share/applications/$appid.desktop"
    "./usr/share/metainfo/$appid.metainfo.xml"
    "./usr/share/mime/packages/$appid.xml"
    "./usr/share/icons/hicolor/scalable/apps/$appid.svg"
    ./usr/share/man/man1/cmic-oauth.1.gz
    ./usr/share/man/man1/cmic-oauth-console.1.gz
    ./usr/share/bash-completion/completions/cmic-oauth
    ./usr/share/zsh/vendor-completions/_cmic-oauth
    ./usr/share/doc/cmic-oauth-console/copyright
    ./usr/share/doc/cmic-oauth-console/changelog.Debian.gz
    ./usr/share/lintian/overrides/cmic-oauth-console
  )
  for size in 16 24 32 48 64 128 256; do
    expected+=("./usr/share/icons/hicolor/${size}x${size}/apps/$appid.png")
  done
  for page in "$src"/packaging/man/*.1; do
    expected+=("./usr/share/man/man1/$(basename "$page").gz")
  done
  local paths
  paths=$(awk '{ print $6 }' <<<"$listing")
  for path in "${expected[@]}"; do
    grep -qxF "$path" <<<"$paths" || fail "the .deb lacks $path"
  done
  # Nothing outside /usr, nothing from the build tree.
  if grep -vE '^\./(usr(/.*)?)?$' <<<"$paths" | grep . >/dev/null; then
    fail "files outside /usr: $(grep -vE '^\./(usr(/.*)?)?$' <<<"$paths")"
  fi
  grep -q 'lib.*\.a$\|\.h$\|/tst_' <<<"$paths" && fail "the .deb holds build or test files"

  dpkg-deb -x "$deb" "$scratch/root"
  local root=$scratch/root
  for exe in cmic-oauth-console cmic-oauth; do
    local bin=$root/usr/bin/$exe
    [ -x "$bin" ] || fail "$exe is not executable"
    file -b "$bin" | grep -q ', stripped' || fail "$exe is not stripped: $(file -b "$bin")"
    readelf -d "$bin" | grep -Eq '\((RPATH|RUNPATH)\)' && fail "$exe has an RPATH: $(readelf -d "$bin" | grep PATH)"
  done
  for size in 16 24 32 48 64 128 256; do
    local png=$root/usr/share/icons/hicolor/${size}x${size}/apps/$appid.png
    file -b "$png" | grep -q "PNG image data, $size x $size," || fail "$png is not a $size px PNG: $(file -b "$png")"
  done
  for gz in "$root"/usr/share/man/man1/*.gz "$root/usr/share/doc/cmic-oauth-console/changelog.Debian.gz"; do
    # gzip -9n: best compression, no file name or time stamp stored.
    file -b "$gz" | grep -q 'max compression' || fail "$gz is not gzip -9: $(file -b "$gz")"
    file -b "$gz" | grep -Eq 'was "|last modified: [A-Z]' && fail "$gz stores a name or a time stamp: $(file -b "$gz")"
    gzip -t "$gz" || fail "$gz is broken"
  done
  cmp -s <(zcat "$root/usr/share/man/man1/cmic-oauth.1.gz") "$src/packaging/man/cmic-oauth.1" ||
    fail "cmic-oauth.1.gz is not packaging/man/cmic-oauth.1"
  head -n1 "$root/usr/share/doc/cmic-oauth-console/copyright" |
    grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
    fail "the copyright file is not in the machine-readable format"
  zcat "$root/usr/share/doc/cmic-oauth-console/changelog.Debian.gz" | head -n1 |
    grep -q "^cmic-oauth-console ($version-$revision) " || fail "changelog.Debian does not start at $version-$revision"

  # The .tar.gz holds the same tree.
  local tarpaths
  tarpaths=$(tar -tzf "$tgz")
  for path in usr/bin/cmic-oauth-console usr/bin/cmic-oauth "usr/share/applications/$appid.desktop" \
    "usr/share/icons/hicolor/256x256/apps/$appid.png" usr/share/doc/cmic-oauth-console/copyright; do
    grep -q "/$path\$" <<<"$tarpaths" || fail "the .tar.gz lacks $path"
  done
  echo "package contents as expected"
}

# Runs the two executables of an installed or extracted tree from |bindir|, with no library path set.
run_binaries() {
  local bindir=$1 out
  out=$(env -u LD_LIBRARY_PATH "$bindir/cmic-oauth" --version 2>&1) || fail "cmic-oauth --version failed: $out"
  echo "$out"
  grep -q "$version" <<<"$out" || fail "cmic-oauth --version does not say $version: $out"
  out=$(QT_QPA_PLATFORM=offscreen env -u LD_LIBRARY_PATH "$bindir/cmic-oauth-console" --version 2>&1) ||
    fail "cmic-oauth-console --version failed: $out"
  grep -q "$version" <<<"$out" || fail "cmic-oauth-console --version does not say $version: $out"
  # The console up to its first frame (src/app/FirstFrameExit.h: CMIC_QUIT_AFTER_SHOW ends it with 0 there).
  local status=0
  HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config QT_QPA_PLATFORM=offscreen CMIC_QUIT_AFTER_SHOW=1 \
    timeout 60 env -u LD_LIBRARY_PATH "$bindir/cmic-oauth-console" --demo >"$scratch/console.log" 2>&1 || status=$?
  [ $status -eq 0 ] || fail "cmic-oauth-console --demo exited $status: $(cat "$scratch/console.log")"
  echo "cmic-oauth-console --demo painted its first frame and exited 0"
}

# A double-click on a workspace opens the console: |share| (an installed or extracted share folder) maps
# *.cmic-oauth.json to the workspace type and the type to the desktop entry. On a real install Debian's triggers
# (shared-mime-info, desktop-file-utils) have built those caches; for an extracted tree this builds them.
check_association() {
  local share=$1
  grep -q '^[0-9]*:application/x-cmic-oauth-workspace:\*\.cmic-oauth\.json' "$share/mime/globs2" ||
    fail "$share/mime/globs2 does not map *.cmic-oauth.json to the workspace type"
  grep -q "^application/x-cmic-oauth-workspace=\(.*;\)\?$appid.desktop;" "$share/applications/mimeinfo.cache" ||
    fail "$share/applications/mimeinfo.cache does not open the workspace type with $appid.desktop"
  echo "workspace files open with $appid.desktop"
}

cmd_install() {
  need dpkg-deb dpkg
  need_deb
  mkdir -p "$scratch/home"
  local mode=${CMIC_PACKAGE_INSTALL_MODE:-auto}
  if [ "$mode" = auto ]; then
    if [ "$(id -u)" -eq 0 ]; then mode=system; else mode=extract; fi
  fi
  case $mode in
  system)
    # CI runs as root on a throw-away machine: install for real, run, remove (unless it was installed before).
    [ "$(id -u)" -eq 0 ] || fail "installing for real needs root"
    local before=no
    dpkg-query -W -f='${Status}' cmic-oauth-console 2>/dev/null | grep -q 'install ok installed' && before=yes
    local tries=0
    until dpkg -i "$deb"; do # another dpkg may hold the lock for a moment
      tries=$((tries + 1))
      [ $tries -lt 10 ] || fail "dpkg -i $deb failed"
      sleep 6
    done
    [ "$before" = yes ] || trap 'dpkg -r cmic-oauth-console >/dev/null || true; rm -rf "$scratch"' EXIT
    dpkg-query -W -f='${Status}' cmic-oauth-console | grep -q 'install ok installed' || fail "not installed"
    [ "$(dpkg-query -W -f='${Version}' cmic-oauth-console)" = "$version-$revision" ] || fail "wrong version installed"
    dpkg -L cmic-oauth-console | grep -qx /usr/bin/cmic-oauth || fail "dpkg -L does not list /usr/bin/cmic-oauth"
    [ -f "/usr/share/applications/$appid.desktop" ] || fail "the desktop entry is not installed"
    check_association /usr/share
    run_binaries /usr/bin
    if [ "$before" = no ]; then
      dpkg -r cmic-oauth-console || fail "dpkg -r failed"
      trap 'rm -rf "$scratch"' EXIT
      [ ! -e /usr/bin/cmic-oauth ] || fail "/usr/bin/cmic-oauth is left after dpkg -r"
      [ ! -e "/usr/share/applications/$appid.desktop" ] || fail "the desktop entry is left after dpkg -r"
      echo "installed, ran and removed cmic-oauth-console $version-$revision"
    fi
    ;;
  extract)
    dpkg-deb -x "$deb" "$scratch/root"
    [ -x "$scratch/root/usr/bin/cmic-oauth" ] || fail "no usr/bin/cmic-oauth in the package"
    need update-desktop-database desktop-file-utils
    need update-mime-database shared-mime-info
    update-mime-database "$scratch/root/usr/share/mime" >/dev/null
    update-desktop-database "$scratch/root/usr/share/applications"
    check_association "$scratch/root/usr/share"
    run_binaries "$scratch/root/usr/bin"
    echo "ran the extracted package"
    ;;
  *) fail "CMIC_PACKAGE_INSTALL_MODE is auto, system or extract, not $mode" ;;
  esac
}

[ $# -eq 1 ] || fail "usage: $0 build|desktop|appstream|mime|lintian|contents|install"
"cmd_$1"
