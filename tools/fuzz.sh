#!/usr/bin/env bash
# tools/fuzz.sh [SECONDS]: builds the libFuzzer targets (tests/fuzz/) with
# clang, ASan and UBSan in build-fuzz/, then runs each for SECONDS / 3
# (default 60 in total) over a seed corpus: every trace under traces/ for
# the parser, the default-platform traces (declarations stripped) for the
# runner, every platform under models/platforms/ and traces/ compiled with
# dtc for the platform loader, plus tests/fuzz/regressions/. Exits nonzero on a crash, leak, hang
# (> 10 s on one input) or sanitizer report; the reproducer is left in
# build-fuzz/artifacts/.
set -euo pipefail
total=${1:-60}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$here/build-fuzz
jobs=${FUZZ_JOBS:-2}

CC=clang cmake -S "$here" -B "$build" -DIMS_FUZZ=ON -DIMS_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
targets="trace_parse trace_run platform_blob"
if ! cmake --build "$build" -j"$jobs" --target fuzz_trace_parse fuzz_trace_run \
     fuzz_platform_blob >"$build/build.log" 2>&1; then
  tail -30 "$build/build.log"; exit 1
fi

corpus=$build/corpus
rm -rf "$corpus"
for t in $targets; do mkdir -p "$corpus/$t"; done
mkdir -p "$build/artifacts"
find "$here/traces" "$here/models" -name '*.trace' -exec cp {} "$corpus/trace_parse/" \;
# trace_run prepends its own platform line (the default platform, compiled
# once): seed it with the bundled default-platform traces minus their
# declarations.
dtc -q -I dts -O dtb -o "$build/default.dtb" "$here/models/platforms/default.dts"
export IMS_FUZZ_PLATFORM=$build/default.dtb
for f in "$here"/traces/default.trace "$here"/traces/{vtd,type1,policy,timing}/*.trace; do
  grep -vE '^(platform|timing|seed|policy) ' "$f" >"$corpus/trace_run/$(basename "$f")"
done
# Inputs that once crashed a target stay in its corpus (tests/fuzz/regressions/
# TARGET-what.ext), so that a regression fails at once.
for f in "$here"/tests/fuzz/regressions/*; do
  [ -e "$f" ] || continue
  name=$(basename "$f"); cp "$f" "$corpus/${name%%-*}/"
done
while IFS= read -r dts; do
  dtc -q -I dts -O dtb -o "$corpus/platform_blob/$(basename "$dts" .dts).dtb" "$dts" \
    2>/dev/null || true
done < <(find "$here/models/platforms" "$here/traces" -name '*.dts')

each=$(( total / 3 )); [ "$each" -ge 1 ] || each=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for target in $targets; do
  echo "fuzz.sh: $target for ${each}s"
  if ! "$build/tests/fuzz/fuzz_$target" -max_total_time="$each" -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$target-" \
       "$corpus/$target" >"$build/fuzz_$target.log" 2>&1; then
    echo "fuzz.sh: $target FAILED; see $build/fuzz_$target.log:"
    grep -E 'ERROR|SUMMARY|Test unit written' "$build/fuzz_$target.log" | head -10
    status=1
  else
    grep -E '^stat::number_of_executed_units' "$build/fuzz_$target.log" || true
  fi
done
exit $status
