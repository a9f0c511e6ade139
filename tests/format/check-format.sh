#!/usr/bin/env bash
# Fails when a C++ source file under src, tests or bench is not clang-format clean (the style is .clang-format at
# the top of the repository). Run by ctest as the "format" test; `cmake --build build --target format` fixes it.
set -euo pipefail
top=${1:?usage: check-format.sh SOURCE_DIR}
cf=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$cf" ]; then
  echo "check-format: clang-format is not installed (Debian package clang-format); scripts/install-deps.sh installs it." >&2
  exit 1
fi
cd "$top"
mapfile -d '' files < <(find src tests bench \( -name node_modules -o -name data -o -name corpus \) -prune -o \
  -type f \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no source files found under $top" >&2
  exit 1
fi
bad=()
for f in "${files[@]}"; do
  "$cf" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check-format: ${#bad[@]} of ${#files[@]} files are not clang-format clean:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "Run: cmake --build build --target format (or clang-format -i on those files)." >&2
  exit 1
fi
echo "check-format: ${#files[@]} files clang-format clean"
