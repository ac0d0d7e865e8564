// The emulated CUDA device (native/emulator.cpp): memory with guard bytes, a launcher that runs a grid of
// kernels/*.cu on the host, and a reference SGEMM with cuBLAS's conventions. native/jni.cpp exposes it to Java as
// nndl4j.backend.cuda.EmulatedDevice; docs/CUDA.md ("The emulator") describes the design.
#ifndef NNDL4J_EMULATOR_H
#define NNDL4J_EMULATOR_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace nndl4j::emu {

/** A failed call: the message names the call (kernel, copy, ...) and what went wrong. Java: DeviceException. */
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/** Memory ran out. Java: OutOfDeviceMemoryException. */
struct OutOfMemory : Error {
    using Error::Error;
};

/** A kernel faulted or wrote outside its memory: a GPU's context would be lost. Java: KernelFaultException. */
struct KernelFault : Error {
    using Error::Error;
};

/** A call with arguments that no device would accept (unknown kernel, foreign pointer). Java: IllegalArgumentException. */
struct BadArgument : Error {
    using Error::Error;
};

/** The C type of one kernel argument, as nndl4j.backend.cuda.KernelArgs.Type (same ordinals). */
enum class ArgType : int { POINTER = 0, INT = 1, FLOAT = 2 };

struct Arg {
    ArgType type;
    uint64_t bits;
};

/** One device allocation: `size` bytes at `data`, with GUARD bytes of a per-allocation pattern on both sides. */
struct Allocation {
    unsigned char *raw;  // what malloc returned
    unsigned char *data; // the device address handed out: 256-byte aligned, as cudaMalloc's
    size_t size;
    uint32_t pattern;    // the guard bytes repeat this word
    uint64_t serial;     // the n-th allocation of the device, for messages
};

class Device;

/** What a launch is given, checked against the kernel's parameters by the kernel's registry entry. */
struct LaunchRequest {
    Device *device;
    const char *kernel;
    unsigned grid_x, grid_y, block_x, block_y;
    const Arg *args;
    int arg_count;
    /** The allocations the pointer arguments point into; their guards are checked after the launch. */
    std::vector<const Allocation *> touched;
};

/** Runs `invoke(packed)` once per thread of the requested grid (native/emulator.cpp). */
void run_grid(LaunchRequest &request, void (*invoke)(const void *packed), const void *packed);

/** A kernel of the registry: unpacks the argument slots into its C++ parameters and runs the grid. */
struct KernelEntry {
    const char *name;
    void (*launch)(LaunchRequest &request);
    int parameter_count;
};

/** Adds a kernel; kernels register themselves from static initialisers (native/kernel_registry.h). */
bool register_kernel(const KernelEntry &entry);

/** All kernels, by name. */
const std::map<std::string, KernelEntry> &kernels();

/** The emulated device: memory, launches, the vendor GEMM. Not thread-safe on its own; one caller at a time. */
class Device {
  public:
    Device(bool vendor_gemm, size_t memory_limit);
    ~Device();

    void *allocate(size_t bytes);
    void free(uint64_t pointer);
    /** The host address of `bytes` bytes at `pointer`, which must be an allocation's start, as for cuMemcpy in
     *  JCudaDevice; throws naming `call` when it is not, or when the bytes overrun the allocation. */
    void *copy_range(uint64_t pointer, size_t bytes, const char *call) const;
    void launch(const std::string &kernel, unsigned grid_x, unsigned grid_y, unsigned block_x, unsigned block_y,
                const Arg *args, int arg_count);
    void sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, uint64_t a, int lda, uint64_t b,
               int ldb, float beta, uint64_t c, int ldc);
    /** Checks the guards of every live allocation: the emulator runs each launch to the end, so nothing is queued. */
    void synchronize();
    bool has_vendor_gemm() const { return vendor_gemm_; }
    size_t allocated() const { return allocated_; }
    size_t memory_limit() const { return memory_limit_; }

    /** The allocation that holds `pointer` (anywhere inside it), or null. */
    const Allocation *find(uint64_t pointer) const;
    /** Where an argument points, for messages: "0x... (byte 12 of a 4000-byte allocation)" or "not device memory". */
    std::string describe(uint64_t pointer) const;
    /** Throws naming `who` when a guard of `allocation` changed, after restoring it. */
    void check_guards(const Allocation &allocation, const std::string &who);

  private:
    const Allocation &base_allocation(uint64_t pointer, const char *call) const;

    bool vendor_gemm_;
    size_t memory_limit_;
    size_t allocated_ = 0;
    uint64_t serial_ = 0;
    std::map<uint64_t, Allocation> allocations_; // by data address
};

/** How many OS threads run blocks (set once, before the first launch). */
void set_worker_threads(int threads);
int worker_threads();
/** How threads switch at __syncthreads, for the description: "x86-64 stack switch" or "ucontext". */
const char *fiber_kind();

/** Bytes of guard before and after every allocation. */
constexpr size_t GUARD = 256;

} // namespace nndl4j::emu

#endif
