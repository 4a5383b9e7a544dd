#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in BUILD_DIR and runs each for SECONDS, starting from the
# seed corpus in tests/fuzz/corpus/<target>/ (new inputs go to BUILD_DIR/corpus/, crashes to
# BUILD_DIR/artifacts/). Exits non-zero on the first target that crashes. SECONDS=0 only builds.
#   tests/fuzz/run.sh SECONDS [BUILD_DIR] [TARGET...]     (default build-fuzz, every target)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [BUILD_DIR] [TARGET...]}
build=${2:-$here/../../build-fuzz}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wirecodec jwt tokenanswer serverprofile untrustedtext socketio)

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --parallel 2 >/dev/null
[ "$seconds" != 0 ] || exit 0

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in "${targets[@]}"; do
    mkdir -p "$build/corpus/$target" "$build/artifacts/$target"
    log=$build/fuzz_$target.log
    if ! "$build/fuzz_$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -artifact_prefix="$build/artifacts/$target/" "$build/corpus/$target" "$here/corpus/$target" \
        >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        printf 'fuzz_%s: FAILED (crash input in %s)\n' "$target" "$build/artifacts/$target/" >&2
        exit 1
    fi
    printf 'fuzz_%s: %s\n' "$target" "$(grep -E '^Done' "$log" || echo done)" >&2
done
