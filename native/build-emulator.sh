#!/bin/sh
# Maven's emulator step (pom.xml, profile native-emulator): builds native/, the CUDA emulator behind the
# cuda-emulated backend, with CMake and the host C++ compiler when both are on PATH. Without them it says so in one
# line, records the reason for the backend's probe (nndl4j/native/<platform>/NOT-BUILT.txt) and succeeds: the
# tests of cuda-emulated are then reported skipped with that reason. A failing build fails.
# Usage: build-emulator.sh <cmake build dir> <classes dir> <JDK home>
set -eu
build=$1
classes=$2
jdk=$3
. "$(dirname "$0")/platform.sh"
out="$classes/nndl4j/native/$platform"
mkdir -p "$out"

not_built() {
  echo "nndl4j: $1; skipping the CUDA emulator build (backend cuda-emulated will be unavailable)"
  echo "$1 at build time" >"$out/NOT-BUILT.txt"
  rm -f "$out"/libnndl4j_emulator.*
  exit 0
}

command -v cmake >/dev/null 2>&1 || not_built "cmake not found"
compiler=
for c in "${CXX:-}" c++ g++ clang++; do
  if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1; then
    compiler=$(command -v "$c")
    break
  fi
done
[ -n "$compiler" ] || not_built "no C++ compiler found (c++, g++ or clang++)"

top=$(cd "$(dirname "$0")/.." && pwd)
rm -f "$out/NOT-BUILT.txt"
mkdir -p "$build"
log="$build/build-emulator.log"
# Quiet on success (CI logs stay short); the whole CMake/compiler output on failure.
if ! { cmake -S "$top" -B "$build" -DNNDL4J_FATBIN=OFF -DNNDL4J_EMULATOR_DIR="$out" -DNNDL4J_JAVA_HOME="$jdk" \
         -DCMAKE_CXX_COMPILER="$compiler" && cmake --build "$build" --parallel 2; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "nndl4j: CUDA emulator build failed (log above, also in $log)" >&2
  exit 1
fi
