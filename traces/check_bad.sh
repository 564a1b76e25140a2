#!/usr/bin/env bash
# check_bad.sh IOMMUSIM TRACE: TRACE must be rejected before running, with
# exit status 2 and, on stderr, the text of its "# error: ..." header line
# (where FILE stands for the trace's path). Nothing may go to stdout.
set -u
sim=$1 trace=$2
want=$(sed -n 's/^# error: //p' "$trace" | head -1)
[ -n "$want" ] || { echo "$trace: no '# error:' header"; exit 1; }
want=${want//FILE/$trace}
err=$("$sim" run "$trace" 2>&1 >/dev/null)
status=$?
out=$("$sim" run "$trace" 2>/dev/null)
if [ $status -ne 2 ]; then
  echo "$trace: exit status $status, want 2"; exit 1
fi
if [ -n "$out" ]; then
  echo "$trace: printed on stdout: $out"; exit 1
fi
if [[ "$err" != *"$want"* ]]; then
  printf '%s: stderr\n%s\ndoes not contain\n%s\n' "$trace" "$err" "$want"
  exit 1
fi
