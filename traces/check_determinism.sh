#!/usr/bin/env bash
# check_determinism.sh IOMMUSIM TRACE...: runs every trace twice (one
# process each time, --json and --verbose) and requires byte-identical
# stdout, stderr and JSON.
set -u
sim=$1; shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for i in 1 2; do
  "$sim" run --verbose --json "$dir/$i.json" "$@" >"$dir/$i.out" 2>"$dir/$i.err"
  echo $? >"$dir/$i.status"
done
for f in out err json status; do
  if ! cmp -s "$dir/1.$f" "$dir/2.$f"; then
    echo "runs differ in $f:"; diff "$dir/1.$f" "$dir/2.$f" | head -20
    exit 1
  fi
done
[ "$(cat "$dir/1.status")" = 0 ] || { echo "suite failed:"; tail -5 "$dir/1.out"; cat "$dir/1.err"; exit 1; }
echo "identical: $(tail -1 "$dir/1.out")"
