#!/usr/bin/env bash
# iommusim quick start: installs what is missing (Debian 12), builds, then
#   run  - runs the bundled default scenario
#   test - runs the whole test suite: normal build, ASan+UBSan build,
#          valgrind over the unit suites, bounded fuzzing
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mode=${1:-run}
jobs=$(nproc 2>/dev/null || echo 2)

packages_run=(gcc make cmake pkg-config libglib2.0-dev libfdt-dev check
              device-tree-compiler libjson-glib-dev)
packages_test=(valgrind clang libclang-rt-14-dev)

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "quickstart: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

build() { # build DIR CMAKE-ARGS...
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
}

case "$mode" in
run)
  install_missing "${packages_run[@]}"
  build build
  exec build/tools/iommusim run traces/default.trace
  ;;
test)
  install_missing "${packages_run[@]}" "${packages_test[@]}"
  build build
  (cd build && ctest --output-on-failure -j"$jobs")
  build build-asan -DIMS_SANITIZE=ON
  (cd build-asan && ctest --output-on-failure -j"$jobs" -LE slow)
  (cd build && CK_FORK=no ctest --output-on-failure -j"$jobs" -L unit \
     -T memcheck --overwrite MemoryCheckCommandOptions="--leak-check=full --error-exitcode=3 --errors-for-leak-kinds=definite,indirect")
  if [ -x tools/fuzz.sh ]; then tools/fuzz.sh 60; fi
  echo "quickstart: all tests passed"
  ;;
*)
  echo "usage: $0 run|test" >&2
  exit 2
  ;;
esac
