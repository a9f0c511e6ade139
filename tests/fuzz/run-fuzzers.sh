#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan/UBSan in their own build directory and runs each one for
# SECONDS (default 60) from the seed corpus in tests/fuzz/corpus/<target>/. Exits non-zero if any target crashes,
# leaks, times out or fails to build. Crash inputs are kept in <build>/fuzz-artifacts/.
#   tests/fuzz/run-fuzzers.sh 30                     # CI: a short run of each
#   CMIC_FUZZ_BUILD_DIR=/tmp/bf tests/fuzz/run-fuzzers.sh 600
set -euo pipefail
seconds=${1:-60}
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${CMIC_FUZZ_BUILD_DIR:-$here/build-fuzz}
targets=(compactjws jwkset workspace workspacefile netresponses httpresponse)

if ! command -v clang++ >/dev/null; then
  echo "run-fuzzers: clang++ is required (Debian: apt-get install clang libclang-rt-dev)" >&2
  exit 2
fi

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMIC_FUZZ=ON -DCMIC_SANITIZE=ON -DCMIC_BUILD_BENCH=OFF >/dev/null
ninja -C "$build" "${targets[@]/#/fuzz_}"

mkdir -p "$build/fuzz-artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_LOGGING_RULES="cmic.*.debug=false"
failed=()
for t in "${targets[@]}"; do
  # New inputs go to a scratch corpus; the committed seeds stay small and reviewed.
  scratch=$(mktemp -d)
  echo "== fuzz_$t for ${seconds}s"
  if ! "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" "$scratch" "$here/tests/fuzz/corpus/$t"; then
    failed+=("$t")
  fi
  rm -rf "$scratch"
done
if ((${#failed[@]})); then
  echo "run-fuzzers: FAILED: ${failed[*]} (inputs in $build/fuzz-artifacts/)" >&2
  exit 1
fi
echo "run-fuzzers: all ${#targets[@]} targets ran ${seconds}s without a finding"
