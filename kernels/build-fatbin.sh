#!/bin/sh
# Maven's kernel step (pom.xml, profile cuda-fatbin): compiles kernels/*.cu into one fatbin per kernel with CMake
# and nvcc when both are on PATH, else says so in one line and succeeds, since JCudaDevice can compile the shipped
# .cu sources at run time with NVRTC. Usage: build-fatbin.sh <cmake build dir> <fatbin output dir>
set -eu
build=$1
out=$2
if ! command -v cmake >/dev/null 2>&1 || ! command -v nvcc >/dev/null 2>&1; then
  echo "nndl4j: CUDA toolkit not found (cmake/nvcc missing); skipping the fatbin build, kernels will be compiled at run time with NVRTC"
  exit 0
fi
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$build"
log="$build/build-fatbin.log"
# Quiet on success (CI logs stay short); the whole CMake/nvcc output on failure.
if ! { cmake -S "$top" -B "$build" -DNNDL4J_EMULATOR=OFF -DNNDL4J_FATBIN_DIR="$out" && cmake --build "$build" --parallel 2; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "nndl4j: fatbin build failed (log above, also in $log)" >&2
  exit 1
fi
