#!/usr/bin/env bash
# Enforces design.md's one-way dependencies: each module may include only
# the public headers of itself and of the modules beneath it, and never
# another module's private header. Exit 1 with one line per violation.
set -u
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 2

sim="types mem bus clock rng stats finj sim platform timing"
hwbase="$sim dma"
allowed_for() {
  case "$1" in
  src/sim) echo "$sim" ;;
  hw/common) echo "$hwbase" ;;
  hw/vtd) echo "$hwbase vtd" ;;
  hw/smmuv3) echo "$hwbase smmuv3" ;;
  hw/pci) echo "$hwbase pci" ;;
  src/machine) echo "$hwbase vtd smmuv3 pci machine" ;;
  src/host) echo "$sim host" ;;
  src/policy) echo "$sim host policy" ;;
  src/vfio) echo "$sim host policy vfio" ;;
  src/iommufd) echo "$sim host policy iommufd" ;;
  src/trace) echo "$hwbase machine host policy vfio iommufd trace" ;;
  *) echo "" ;;
  esac
}

status=0
for module in src/sim hw/common hw/vtd hw/smmuv3 hw/pci src/machine src/host \
              src/policy src/vfio src/iommufd src/trace; do
  [ -d "$module" ] || continue
  allowed=" $(allowed_for "$module") "
  while IFS= read -r hit; do
    file=${hit%%:*}
    header=$(sed -E 's/.*#include[[:space:]]*[<"]([^>"]+)[>"].*/\1/' <<<"${hit#*:*:}")
    case "$header" in
    iommusim/*.h)
      name=${header#iommusim/}; name=${name%.h}
      if [[ "$allowed" != *" $name "* ]]; then
        echo "$file: includes $header, which $module may not depend on"
        status=1
      fi ;;
    ../*|*/../*)
      echo "$file: includes $header: another module's private header"
      status=1 ;;
    esac
  done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include' --include='*.c' --include='*.h' "$module")
done
# hw/common headers are for hardware modules only.
while IFS= read -r hit; do
  echo "${hit%%:*}: includes a hw/common header outside hw/ and src/machine"
  status=1
done < <(grep -rlE '#include[[:space:]]*"(regfile|hwmem|hwcache)\.h"' src 2>/dev/null | grep -v '^src/machine/' || true)
exit $status
