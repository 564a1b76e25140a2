#!/usr/bin/env bash
# check_timing_independence.sh IOMMUSIM TRACE...: timing never changes a
# functional result. The suite is run with the default profile and with
# timing off; apart from the "timing" and "cycles" members, the JSON
# results (every statement's outcome, every counter) must be identical.
set -u
sim=$1; shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$sim" run -q --json "$dir/default.json" "$@" >/dev/null 2>&1
"$sim" run -q --timing off --json "$dir/off.json" "$@" >/dev/null 2>&1
for f in default off; do
  grep -vE '"(timing|cycles)" :' "$dir/$f.json" >"$dir/$f.stripped"
done
if ! cmp -s "$dir/default.stripped" "$dir/off.stripped"; then
  echo "timing changed a functional result:"
  diff "$dir/default.stripped" "$dir/off.stripped" | head -20
  exit 1
fi
