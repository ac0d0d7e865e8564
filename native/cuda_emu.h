// The CUDA C that kernels/*.cu use, for the host: included before each kernel source when native/ builds the
// kernels with the host C++ compiler (docs/CUDA.md, "The emulator"). The kernels stay plain CUDA: nothing here
// is #ifdef'd into them, and what a kernel needs that is missing belongs here, not in the kernel.
//
// * __global__, __device__, __host__, __forceinline__ are plain C++ functions; __shared__ is per-OS-thread
//   storage (`static __thread`). The emulator runs all threads of a block on one OS thread, one block at a time
//   per OS thread, so the threads of a block share it and blocks running in parallel each have their own.
// * threadIdx, blockIdx, blockDim, gridDim are read from the top of the running fiber's stack, where the launcher
//   keeps them for each thread.
// * __syncthreads() parks the calling thread (a fiber with its own stack) until every thread of the block has
//   reached it, and checks that they all reached the same one.
// * Atomics are real atomics: blocks run in parallel on several OS threads.
// * The math functions are the C library's, plus CUDA's own names (rsqrtf, __expf, min, max, ...).
#ifndef NNDL4J_CUDA_EMU_H
#define NNDL4J_CUDA_EMU_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <math.h>

#if defined(__CUDACC__)
#error "cuda_emu.h is for host builds of kernels/*.cu; nvcc compiles them as they are"
#endif

struct uint3 {
    unsigned int x, y, z;
};

struct dim3 {
    unsigned int x, y, z;
};

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static __thread
#define __align__(n) __attribute__((aligned(n)))

// CUDA's float4, 16-byte aligned as there. Kernels load one from global memory only through __ldg (below), which
// checks the alignment that a GPU's vector load needs.
struct __align__(16) float4 {
    float x, y, z, w;
};

static inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

// Every emulated GPU thread runs on a fiber stack of NNDL4J_EMU_STACK_BYTES bytes, aligned to its size, whose top
// holds the thread's nndl4j_emu_thread: a kernel finds its threadIdx from its own stack pointer, without
// thread-local storage (which costs a call per read in a library loaded with dlopen, as by the JVM).
#define NNDL4J_EMU_STACK_BYTES (128 * 1024)

struct nndl4j_emu_block {
    uint3 block_idx;
    dim3 block_dim;
    dim3 grid_dim;
};

struct nndl4j_emu_thread { // at most 64 bytes
    uint3 thread_idx;
    const struct nndl4j_emu_block *block; // of the OS thread (worker) that runs the fiber
    void *fiber;
};

// Where the nndl4j_emu_thread of the fiber whose stack holds `sp` lies: 64 bytes below the top, less a multiple of
// 64 bytes taken from the stack's address, so that the structs (and the stacks' hot frames) of fibers whose stacks
// lie a power of two apart do not all fall into the same cache sets.
static inline uintptr_t nndl4j_emu_thread_at(uintptr_t sp)
{
    uintptr_t base = sp & ~(uintptr_t) (NNDL4J_EMU_STACK_BYTES - 1);
    uintptr_t color = ((base / NNDL4J_EMU_STACK_BYTES) % 64) * 64;
    return base + NNDL4J_EMU_STACK_BYTES - 64 - color;
}

static inline const struct nndl4j_emu_thread *nndl4j_emu_this_thread()
{
    return (const struct nndl4j_emu_thread *) nndl4j_emu_thread_at((uintptr_t) __builtin_frame_address(0));
}

#define threadIdx (nndl4j_emu_this_thread()->thread_idx)
#define blockIdx (nndl4j_emu_this_thread()->block->block_idx)
#define blockDim (nndl4j_emu_this_thread()->block->block_dim)
#define gridDim (nndl4j_emu_this_thread()->block->grid_dim)
enum { warpSize = 32 };

extern "C" {
// Parks the calling thread until all threads of its block reach a barrier; `site` names the call ("file:line").
void nndl4j_emu_syncthreads(const char *site);
// Ends the block with an error naming `what` (CUDA's trap and device-side assert).
[[noreturn]] void nndl4j_emu_trap(const char *what);
// Ends the block with an error unless the `bytes` bytes at `p` lie inside one allocation of the launching device.
void nndl4j_emu_check_load(const void *p, size_t bytes);
}

#define NNDL4J_EMU_STR2(x) #x
#define NNDL4J_EMU_STR(x) NNDL4J_EMU_STR2(x)
#define __syncthreads() nndl4j_emu_syncthreads(__FILE__ ":" NNDL4J_EMU_STR(__LINE__))
#define __trap() nndl4j_emu_trap("__trap() at " __FILE__ ":" NNDL4J_EMU_STR(__LINE__))

// All threads of a block run on one OS thread, between barriers one after another: memory is coherent there,
// and across blocks the atomics below are sequentially consistent.
static inline void __threadfence_block() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void __threadfence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

// ---- atomics (return the old value, as CUDA's do) ----

static inline int atomicAdd(int *p, int v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static inline unsigned int atomicAdd(unsigned int *p, unsigned int v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static inline unsigned long long atomicAdd(unsigned long long *p, unsigned long long v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static inline int atomicSub(int *p, int v) { return __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST); }
static inline unsigned int atomicSub(unsigned int *p, unsigned int v) { return __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST); }
static inline int atomicExch(int *p, int v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
static inline unsigned int atomicExch(unsigned int *p, unsigned int v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
static inline int atomicCAS(int *p, int expected, int desired) {
    __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}
static inline unsigned int atomicCAS(unsigned int *p, unsigned int expected, unsigned int desired) {
    __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}
static inline unsigned long long atomicCAS(unsigned long long *p, unsigned long long expected, unsigned long long desired) {
    __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}

template <class T, class Op>
static inline T nndl4j_emu_atomic_update(T *p, Op op) {
    T old = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    while (!__atomic_compare_exchange_n(p, &old, op(old), false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    }
    return old;
}

template <class F, class I>
static inline F nndl4j_emu_atomic_float_add(F *p, F v) {
    static_assert(sizeof(F) == sizeof(I), "float and integer sizes differ");
    I *bits = reinterpret_cast<I *>(p);
    I old = __atomic_load_n(bits, __ATOMIC_SEQ_CST);
    for (;;) {
        F was, sum;
        std::memcpy(&was, &old, sizeof was);
        sum = was + v;
        I next;
        std::memcpy(&next, &sum, sizeof next);
        if (__atomic_compare_exchange_n(bits, &old, next, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            return was;
        }
    }
}

static inline float atomicAdd(float *p, float v) { return nndl4j_emu_atomic_float_add<float, uint32_t>(p, v); }
static inline double atomicAdd(double *p, double v) { return nndl4j_emu_atomic_float_add<double, uint64_t>(p, v); }
static inline int atomicMax(int *p, int v) { return nndl4j_emu_atomic_update(p, [v](int o) { return o > v ? o : v; }); }
static inline int atomicMin(int *p, int v) { return nndl4j_emu_atomic_update(p, [v](int o) { return o < v ? o : v; }); }
static inline unsigned int atomicMax(unsigned int *p, unsigned int v) { return nndl4j_emu_atomic_update(p, [v](unsigned int o) { return o > v ? o : v; }); }
static inline unsigned int atomicMin(unsigned int *p, unsigned int v) { return nndl4j_emu_atomic_update(p, [v](unsigned int o) { return o < v ? o : v; }); }

// ---- math: the C library's functions (<cmath>), plus CUDA's device-only names ----

static inline int min(int a, int b) { return a < b ? a : b; }
static inline int max(int a, int b) { return a > b ? a : b; }
static inline unsigned int min(unsigned int a, unsigned int b) { return a < b ? a : b; }
static inline unsigned int max(unsigned int a, unsigned int b) { return a > b ? a : b; }
static inline long long min(long long a, long long b) { return a < b ? a : b; }
static inline long long max(long long a, long long b) { return a > b ? a : b; }
static inline float min(float a, float b) { return fminf(a, b); }
static inline float max(float a, float b) { return fmaxf(a, b); }
static inline double min(double a, double b) { return fmin(a, b); }
static inline double max(double a, double b) { return fmax(a, b); }

static inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
static inline double rsqrt(double x) { return 1.0 / sqrt(x); }
#ifndef __GLIBC__ // glibc has its own __expf and __logf, the same functions as expf and logf
static inline float __expf(float x) { return expf(x); }
static inline float __logf(float x) { return logf(x); }
#endif
static inline float __fdividef(float x, float y) { return x / y; }
static inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x); }
static inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
static inline double __fma_rn(double a, double b, double c) { return fma(a, b, c); }
static inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, sizeof f); return f; }
static inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, sizeof i); return i; }
static inline double __longlong_as_double(long long i) { double d; std::memcpy(&d, &i, sizeof d); return d; }
static inline long long __double_as_longlong(double d) { long long i; std::memcpy(&i, &d, sizeof i); return i; }

template <class T>
static inline T __ldg(const T *p) { return *p; }

// A GPU faults on a vector load from an address that is not a multiple of its size (CUDA_ERROR_MISALIGNED_ADDRESS,
// "misaligned address"); x86 would load it anyway, so the emulator traps as the GPU would. It also traps on a
// float4 that does not lie inside an allocation (scalar loads are not checked: see docs/CUDA.md).
static inline float4 __ldg(const float4 *p)
{
    if (reinterpret_cast<uintptr_t>(p) % sizeof(float4) != 0) {
        nndl4j_emu_trap("misaligned address (a float4 load from an address that is not a multiple of 16 bytes)");
    }
    nndl4j_emu_check_load(p, sizeof(float4));
    float4 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

#endif
