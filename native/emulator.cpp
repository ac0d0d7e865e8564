// The emulated CUDA device: see emulator.h, and docs/CUDA.md ("The emulator") for the design.
#include "cuda_emu.h"
#include "emulator.h"
#include "fiber.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <pthread.h>
#include <ucontext.h>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <unistd.h>

namespace nndl4j::emu {

// ---- the kernel registry ----

static std::map<std::string, KernelEntry> &registry() {
    static std::map<std::string, KernelEntry> entries;
    return entries;
}

bool register_kernel(const KernelEntry &entry) {
    registry().emplace(entry.name, entry);
    return true;
}

const std::map<std::string, KernelEntry> &kernels() { return registry(); }

namespace {

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

/** "kernels/sgemm.cu:27" from the __FILE__:__LINE__ of a barrier: the file name without its directory. */
std::string site_name(const char *site) {
    const char *slash = std::strrchr(site, '/');
    return slash != nullptr ? slash + 1 : site;
}

// ---- work for the OS threads: a grid of blocks, or columns of a GEMM ----

struct Worker;

/** Something the pool runs on several OS threads at once; each calls work() until it returns. */
struct Job {
    virtual ~Job() = default;
    virtual void work(Worker &worker) = 0;
};

/** One emulated GPU thread's fiber. */
struct Fiber {
    enum class State { IDLE, RUNNING, PARKED, ABANDONED };
    Context context;
    Stack stack;
    Worker *worker;
    nndl4j_emu_thread *self;       // at the top of the stack: what the kernel reads as threadIdx, blockIdx, ...
    State state = State::IDLE;
    int thread = -1;               // linear index (x fastest) of the GPU thread it runs
    const char *barrier = nullptr; // the __syncthreads it waits at
};

static_assert(sizeof(nndl4j_emu_thread) <= 64, "nndl4j_emu_thread_at leaves 64 bytes for it");

/** Bytes kept at the top of a fiber stack: down to and including its nndl4j_emu_thread. */
std::size_t reserved(const Stack &stack) {
    return reinterpret_cast<uintptr_t>(stack.top()) - nndl4j_emu_thread_at(reinterpret_cast<uintptr_t>(stack.base));
}

struct Grid;

/**
 * The state of one OS thread that runs blocks: its fibers and the block it runs now. A block runs on a single
 * OS thread from its start to its end, so the block's threads share that thread's __shared__ variables.
 */
struct Worker {
    Context scheduler;
    nndl4j_emu_block block{};    // blockIdx, blockDim and gridDim of the block it runs
    std::vector<std::unique_ptr<Fiber>> fibers;
    std::vector<Fiber *> idle;
    std::vector<Fiber *> parked; // at the barrier, in the order they arrived
    std::vector<Fiber *> wave;   // being released from the barrier
    Fiber *current = nullptr;
    Grid *grid = nullptr;
    int next_thread = 0;         // the next thread of the block that has not started
    int returned = 0;            // threads that returned since the block's last barrier
    const char *trap = nullptr;  // set when a thread called __trap or faulted
    int trap_thread = -1;        // which
    int fault_signal = 0;        // SIGSEGV or SIGBUS when it faulted
    uintptr_t fault_address = 0;
    bool fault_address_known = false;

    ~Worker() {
        for (auto &f : fibers) {
            stack_free(f->stack);
        }
    }
};

/** The fiber running now, from the record at the top of its stack (see cuda_emu.h). Only on a fiber. */
Fiber &this_fiber() {
    return *static_cast<Fiber *>(nndl4j_emu_this_thread()->fiber);
}

[[noreturn]] void fiber_main();

/**
 * A launch: runs `invoke` once per thread. Blocks are handed out one at a time to the OS threads of the pool;
 * each block writes its own outputs, so the order does not change any result.
 */
struct Grid final : Job {
    const Device *device;
    void (*invoke)(const void *);
    const void *packed;
    const char *kernel;
    unsigned gx, gy, bx, by;
    int threads;
    long long blocks;
    std::atomic<long long> next_block{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::string error;

    void fail(const std::string &message) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (error.empty()) {
            error = message;
        }
        failed = true;
    }

    void work(Worker &w) override {
        w.grid = this;
        w.block.block_dim = {bx, by, 1};
        w.block.grid_dim = {gx, gy, 1};
        long long b;
        while (!failed.load(std::memory_order_relaxed) && (b = next_block.fetch_add(1)) < blocks) {
            run_block(w, b);
        }
        w.grid = nullptr;
    }

    std::string block_name(long long b) const {
        return "block (" + std::to_string(b % gx) + "," + std::to_string(b / gx) + ")";
    }

    std::string thread_name(int t) const {
        return "thread (" + std::to_string(t % static_cast<int>(bx)) + "," + std::to_string(t / static_cast<int>(bx)) + ")";
    }

    Fiber *take_fiber(Worker &w) {
        if (!w.idle.empty()) {
            Fiber *f = w.idle.back();
            w.idle.pop_back();
            return f;
        }
        auto f = std::make_unique<Fiber>();
        f->worker = &w;
        f->stack = stack_allocate();
        f->self = reinterpret_cast<nndl4j_emu_thread *>(nndl4j_emu_thread_at(reinterpret_cast<uintptr_t>(f->stack.base)));
        f->self->block = &w.block;
        f->self->fiber = f.get();
        context_init(f->context, f->stack.usable(), f->stack.usable_size(reserved(f->stack)), fiber_main);
        w.fibers.push_back(std::move(f));
        return w.fibers.back().get();
    }

    void resume(Worker &w, Fiber *f) {
        w.current = f;
        f->state = Fiber::State::RUNNING;
        context_switch(w.scheduler, f->context);
        w.current = nullptr;
        if (w.fault_signal != 0) {
            // Left the fault handler by switching here, not by returning: the signal is still blocked.
            sigset_t faults;
            sigemptyset(&faults);
            sigaddset(&faults, SIGSEGV);
            sigaddset(&faults, SIGBUS);
            pthread_sigmask(SIG_UNBLOCK, &faults, nullptr);
        }
        if (f->state == Fiber::State::IDLE) {
            w.idle.push_back(f);
        }
    }

    /** What a thread that trapped or faulted did, for the message. */
    std::string trap_message(Worker &w, long long b) {
        std::string what = w.trap;
        if (w.fault_signal != 0) {
            what = std::string("invalid memory access (") + (w.fault_signal == SIGBUS ? "SIGBUS" : "SIGSEGV") + ") at "
                   + (w.fault_address_known ? device->describe(w.fault_address)
                                            : "an address far outside device memory (the CPU did not say which)");
            w.fault_signal = 0;
        }
        return block_name(b) + ", " + thread_name(w.trap_thread) + ": " + what;
    }

    /** Ends a failed block: its fibers lie mid-kernel (plain C frames, nothing to unwind), so they start afresh. */
    void abandon(Worker &w, const std::string &message) {
        for (auto &f : w.fibers) {
            if (f->state != Fiber::State::IDLE) {
                f->state = Fiber::State::IDLE;
                f->thread = -1;
                context_init(f->context, f->stack.usable(), f->stack.usable_size(reserved(f->stack)), fiber_main);
                w.idle.push_back(f.get());
            }
        }
        w.parked.clear();
        w.trap = nullptr;
        fail("kernel " + std::string(kernel) + ": " + message);
    }

    /**
     * Runs the threads of block b, x fastest, each to its end or to a __syncthreads. A thread that reaches one
     * parks on its own fiber and the next thread starts on another; once every thread has returned or parked,
     * the parked ones resume in order, to the next barrier. Threads that need no barrier therefore all run on
     * one fiber, one after another, with no switch between them.
     */
    void run_block(Worker &w, long long b) {
        w.block.block_idx = {static_cast<unsigned>(b % gx), static_cast<unsigned>(b / gx), 0};
        w.next_thread = 0;
        w.returned = 0;
        w.parked.clear();
        while (w.next_thread < threads) {
            resume(w, take_fiber(w));
            if (w.trap != nullptr) {
                return abandon(w, trap_message(w, b));
            }
        }
        while (!w.parked.empty()) {
            const char *site = w.parked.front()->barrier;
            if (w.returned > 0) {
                return abandon(w, block_name(b) + ": " + std::to_string(w.returned) + " of " + std::to_string(threads)
                                  + " threads returned while " + std::to_string(w.parked.size()) + " wait at __syncthreads() ("
                                  + site_name(site) + "); every thread of a block must reach each __syncthreads()");
            }
            for (Fiber *f : w.parked) {
                if (f->barrier != site && std::strcmp(f->barrier, site) != 0) {
                    return abandon(w, block_name(b) + ": " + thread_name(w.parked.front()->thread) + " waits at __syncthreads() ("
                                      + site_name(site) + ") but " + thread_name(f->thread) + " at another one ("
                                      + site_name(f->barrier) + ")");
                }
            }
            w.wave.swap(w.parked);
            w.parked.clear();
            for (Fiber *f : w.wave) {
                resume(w, f);
                if (w.trap != nullptr) {
                    return abandon(w, trap_message(w, b));
                }
            }
        }
    }
};

[[noreturn]] void fiber_main() {
    for (;;) {
        Fiber *f = &this_fiber();
        Worker &w = *f->worker;
        Grid &g = *w.grid;
        while (w.next_thread < g.threads) {
            int t = w.next_thread++;
            f->thread = t;
            f->self->thread_idx = {static_cast<unsigned>(t) % g.bx, static_cast<unsigned>(t) / g.bx, 0};
            g.invoke(g.packed);
            w.returned++;
        }
        f->thread = -1;
        f->state = Fiber::State::IDLE;
        context_switch(f->context, w.scheduler);
    }
}

// ---- the pool of OS threads ----

/**
 * Runs a Job on the calling thread and, when it is worth waking them, on the pool's other threads too. Jobs run
 * one at a time (launches are ordered, as on a CUDA stream). The helpers spin briefly before they sleep, since
 * launches come in quick succession during training.
 */
class Pool {
  public:
    explicit Pool(int threads) : threads_(std::max(1, threads)) {
        for (int i = 1; i < threads_; i++) {
            helpers_.emplace_back([this] { helper(); });
        }
    }

    ~Pool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
            generation_++;
        }
        wake_.notify_all();
        for (auto &t : helpers_) {
            t.join();
        }
    }

    int threads() const { return threads_; }

    void run(Job &job, bool parallel) {
        std::lock_guard<std::mutex> serial(run_mutex_);
        if (!parallel || helpers_.empty()) {
            job.work(caller_worker());
            return;
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            job_ = &job;
            busy_.store(static_cast<int>(helpers_.size()));
            generation_++;
        }
        wake_.notify_all();
        job.work(caller_worker());
        for (int spin = 0; busy_.load() > 0; spin++) {
            if (spin < CALLER_SPINS) {
                pause();
            } else {
                std::unique_lock<std::mutex> lock(mutex_);
                done_.wait(lock, [this] { return busy_.load() == 0; });
            }
        }
        job_ = nullptr;
    }

  private:
    // A pause is 10 to 140 cycles depending on the CPU: the helpers spin for some 10 to 100 µs after a job, the
    // caller for longer, since it has nothing else to do while the helpers finish.
    static constexpr int HELPER_SPINS = 2000;
    static constexpr int CALLER_SPINS = 100000;

    static void pause() {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#else
        std::this_thread::yield();
#endif
    }

    static Worker &caller_worker() {
        thread_local std::unique_ptr<Worker> worker;
        if (!worker) {
            worker = std::make_unique<Worker>();
        }
        return *worker;
    }

    void helper() {
        Worker worker;
        uint64_t seen = 0;
        for (;;) {
            for (int spin = 0; generation_.load() == seen && spin < HELPER_SPINS; spin++) {
                pause();
            }
            Job *job;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [&] { return generation_.load() != seen; });
                seen = generation_.load();
                if (stopping_) {
                    return;
                }
                job = job_;
            }
            job->work(worker);
            if (busy_.fetch_sub(1) == 1) {
                std::lock_guard<std::mutex> lock(mutex_);
                done_.notify_one();
            }
        }
    }

    const int threads_;
    std::vector<std::thread> helpers_;
    std::mutex run_mutex_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::atomic<uint64_t> generation_{0};
    std::atomic<int> busy_{0};
    Job *job_ = nullptr;
    bool stopping_ = false;
};

std::atomic<int> requested_threads{0};

Pool &pool() {
    static Pool instance([] {
        int n = requested_threads.load();
        if (n <= 0) {
            n = static_cast<int>(std::thread::hardware_concurrency());
        }
        return std::clamp(n, 1, 16);
    }());
    return instance;
}

// ---- faults in kernels ----

struct sigaction previous_segv, previous_bus;

/** The stack pointer of the code the signal interrupted. */
uintptr_t interrupted_stack_pointer(void *context, uintptr_t fallback) {
#if defined(__linux__) && defined(__x86_64__)
    return static_cast<uintptr_t>(static_cast<ucontext_t *>(context)->uc_mcontext.gregs[REG_RSP]);
#elif defined(__linux__) && defined(__aarch64__)
    return static_cast<uintptr_t>(static_cast<ucontext_t *>(context)->uc_mcontext.sp);
#else
    (void) context;
    return fallback; // the handler runs on the interrupted stack: no alternate signal stack is set up
#endif
}

/**
 * SIGSEGV and SIGBUS: a fault of an emulated GPU thread (its stack pointer lies in a fiber stack) ends its block
 * with an error naming the kernel, block and thread; every other fault goes to the handler that was there before,
 * the JVM's, which needs them (null checks, safepoints) as if this one did not exist.
 */
void fault_handler(int signal, siginfo_t *info, void *context) {
    int saved_errno = errno;
    uintptr_t here = reinterpret_cast<uintptr_t>(&saved_errno);
    uintptr_t sp = interrupted_stack_pointer(context, here);
    if (in_fiber_stack(sp)) {
        auto *self = reinterpret_cast<nndl4j_emu_thread *>(nndl4j_emu_thread_at(sp));
        auto *f = static_cast<Fiber *>(self->fiber);
        Worker &w = *f->worker;
        if (w.current == f && f->state == Fiber::State::RUNNING) {
            f->state = Fiber::State::ABANDONED;
            w.trap = "invalid memory access";
            w.trap_thread = f->thread;
            w.fault_signal = signal;
            w.fault_address = reinterpret_cast<uintptr_t>(info->si_addr);
            w.fault_address_known = info->si_code != SI_KERNEL; // SI_KERNEL: e.g. a general protection fault
            errno = saved_errno;
            context_switch(f->context, w.scheduler); // never resumed: the fiber starts afresh
        }
    }
    errno = saved_errno;
    const struct sigaction &previous = signal == SIGBUS ? previous_bus : previous_segv;
    if (previous.sa_flags & SA_SIGINFO) {
        previous.sa_sigaction(signal, info, context);
    } else if (previous.sa_handler == SIG_DFL) {
        struct sigaction dfl {};
        dfl.sa_handler = SIG_DFL;
        sigaction(signal, &dfl, nullptr); // the faulting instruction runs again, and the default action follows
    } else if (previous.sa_handler != SIG_IGN) {
        previous.sa_handler(signal);
    }
}

void install_fault_handler() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int signal : {SIGSEGV, SIGBUS}) {
            struct sigaction &previous = signal == SIGBUS ? previous_bus : previous_segv;
            sigaction(signal, nullptr, &previous);
            struct sigaction handler {};
            handler.sa_sigaction = fault_handler;
            handler.sa_mask = previous.sa_mask;
            handler.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
            sigaction(signal, &handler, nullptr);
        }
    });
}

} // namespace

void set_worker_threads(int threads) { requested_threads = threads; }

int worker_threads() { return pool().threads(); }

const char *fiber_kind() { return context_kind(); }

void run_grid(LaunchRequest &request, void (*invoke)(const void *), const void *packed) {
    install_fault_handler();
    Grid grid;
    grid.device = request.device;
    grid.invoke = invoke;
    grid.packed = packed;
    grid.kernel = request.kernel;
    grid.gx = request.grid_x;
    grid.gy = request.grid_y;
    grid.bx = request.block_x;
    grid.by = request.block_y;
    grid.threads = static_cast<int>(request.block_x * request.block_y);
    grid.blocks = static_cast<long long>(request.grid_x) * request.grid_y;
    // Waking another OS thread costs about as much as running a few thousand short GPU threads.
    bool parallel = grid.blocks > 1 && grid.blocks * grid.threads >= 4096;
    pool().run(grid, parallel);
    if (grid.failed) {
        throw Error(grid.error);
    }
}

} // namespace nndl4j::emu

extern "C" void nndl4j_emu_syncthreads(const char *site) {
    using namespace nndl4j::emu;
    Fiber *f = &this_fiber();
    Worker &w = *f->worker;
    f->state = Fiber::State::PARKED;
    f->barrier = site;
    w.parked.push_back(f);
    context_switch(f->context, w.scheduler);
}

extern "C" [[noreturn]] void nndl4j_emu_trap(const char *what) {
    using namespace nndl4j::emu;
    Fiber *f = &this_fiber();
    Worker &w = *f->worker;
    f->state = Fiber::State::ABANDONED;
    w.trap = what;
    w.trap_thread = f->thread;
    context_switch(f->context, w.scheduler);
    std::abort(); // never resumed: the scheduler starts the fiber afresh
}

extern "C" void nndl4j_emu_check_load(const void *p, size_t bytes) {
    using namespace nndl4j::emu;
    // Launches are synchronous and EmulatedDevice serialises calls: the allocation table does not change meanwhile.
    const Device *device = this_fiber().worker->grid->device;
    uintptr_t at = reinterpret_cast<uintptr_t>(p);
    const Allocation *a = device->find(at);
    if (a == nullptr || at + bytes > reinterpret_cast<uintptr_t>(a->data) + a->size) {
        nndl4j_emu_trap("load outside device memory (a float4 load that does not lie inside one allocation)");
    }
}

namespace nndl4j::emu {

// ---- device memory ----

namespace {

/** The guard word of the n-th allocation: a finite float near 1e38 (an int near 2e9), different per allocation,
 *  so reading a guard gives a value no test expects, and copying one allocation's guard into another's is seen. */
uint32_t guard_pattern(uint64_t serial) {
    uint64_t x = serial * 0x9E3779B97F4A7C15ull;
    x ^= x >> 29;
    return 0x7E000000u | static_cast<uint32_t>(x & 0x00FFFFFFu);
}

void fill_guard(unsigned char *at, uint32_t pattern) {
    for (size_t i = 0; i < GUARD; i++) {
        at[i] = static_cast<unsigned char>(pattern >> (8 * (i % 4)));
    }
}

/** Changed bytes of a guard: count and first index, -1 if none. */
std::pair<size_t, long> guard_damage(const unsigned char *at, uint32_t pattern) {
    size_t changed = 0;
    long first = -1;
    for (size_t i = 0; i < GUARD; i++) {
        if (at[i] != static_cast<unsigned char>(pattern >> (8 * (i % 4)))) {
            changed++;
            if (first < 0) {
                first = static_cast<long>(i);
            }
        }
    }
    return {changed, first};
}

} // namespace

Device::Device(bool vendor_gemm, size_t memory_limit) : vendor_gemm_(vendor_gemm), memory_limit_(memory_limit) {
    if (memory_limit_ == 0) {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        memory_limit_ = pages > 0 && page > 0 ? static_cast<size_t>(pages) * static_cast<size_t>(page) : (size_t{1} << 32);
    }
}

Device::~Device() {
    for (auto &entry : allocations_) {
        std::free(entry.second.raw);
    }
}

void *Device::allocate(size_t bytes) {
    if (bytes > memory_limit_ - allocated_ || allocated_ > memory_limit_) {
        throw OutOfMemory("emulator: cannot allocate " + std::to_string(bytes) + " bytes, "
                          + std::to_string(memory_limit_ - allocated_) + " of " + std::to_string(memory_limit_) + " free");
    }
    // calloc: zero-filled as the device memory the backend expects, and lazily zeroed by the OS when large.
    auto *raw = static_cast<unsigned char *>(std::calloc(1, bytes + 3 * GUARD));
    if (raw == nullptr) {
        throw OutOfMemory("emulator: cannot allocate " + std::to_string(bytes) + " bytes: the host is out of memory");
    }
    auto at = (reinterpret_cast<uintptr_t>(raw) + GUARD + GUARD - 1) & ~static_cast<uintptr_t>(GUARD - 1);
    Allocation a{raw, reinterpret_cast<unsigned char *>(at), bytes, guard_pattern(serial_ + 1), ++serial_};
    fill_guard(a.data - GUARD, a.pattern);
    fill_guard(a.data + a.size, a.pattern);
    allocations_.emplace(at, a);
    allocated_ += bytes;
    return a.data;
}

void Device::free(uint64_t pointer) {
    const Allocation &a = base_allocation(pointer, "free");
    Allocation copy = a;
    allocations_.erase(pointer);
    allocated_ -= copy.size;
    std::string damage;
    try {
        check_guards(copy, "something");
    } catch (const Error &e) {
        damage = e.what();
    }
    std::free(copy.raw);
    if (!damage.empty()) {
        throw Error(damage + " (found when it was freed)");
    }
}

const Allocation *Device::find(uint64_t pointer) const {
    auto it = allocations_.upper_bound(pointer);
    if (it == allocations_.begin()) {
        return nullptr;
    }
    --it;
    const Allocation &a = it->second;
    uint64_t start = reinterpret_cast<uintptr_t>(a.data);
    // One past the end counts as inside, as C pointer arithmetic allows (an empty matrix's pointer).
    return pointer >= start && pointer <= start + a.size ? &a : nullptr;
}

std::string Device::describe(uint64_t pointer) const {
    if (pointer == 0) {
        return "a null pointer";
    }
    const Allocation *a = find(pointer);
    if (a == nullptr) {
        return hex(pointer) + ", which is not device memory (never allocated, or freed)";
    }
    return hex(pointer) + " (byte " + std::to_string(pointer - reinterpret_cast<uintptr_t>(a->data)) + " of allocation #"
           + std::to_string(a->serial) + ", " + std::to_string(a->size) + " bytes)";
}

const Allocation &Device::base_allocation(uint64_t pointer, const char *call) const {
    auto it = allocations_.find(pointer);
    if (it == allocations_.end()) {
        throw BadArgument(std::string(call) + ": not an allocation of this device: " + describe(pointer));
    }
    return it->second;
}

void *Device::copy_range(uint64_t pointer, size_t bytes, const char *call) const {
    const Allocation &a = base_allocation(pointer, call);
    if (bytes > a.size) {
        throw Error(std::string(call) + ": " + std::to_string(bytes) + " bytes overrun allocation #" + std::to_string(a.serial)
                    + " of " + std::to_string(a.size) + " bytes");
    }
    return a.data;
}

void Device::check_guards(const Allocation &a, const std::string &who) {
    auto before = guard_damage(a.data - GUARD, a.pattern);
    auto after = guard_damage(a.data + a.size, a.pattern);
    if (before.first == 0 && after.first == 0) {
        return;
    }
    std::string where;
    if (after.first > 0) {
        where = std::to_string(after.first) + " guard byte(s) after the end changed, the first " + std::to_string(after.second)
                + " byte(s) past it (float index " + std::to_string((a.size + after.second) / 4) + ")";
    }
    if (before.first > 0) {
        where += (where.empty() ? "" : "; ") + std::to_string(before.first) + " guard byte(s) before the start changed, the last "
                 + std::to_string(GUARD - before.second) + " byte(s) before it";
    }
    fill_guard(a.data - GUARD, a.pattern);
    fill_guard(a.data + a.size, a.pattern);
    throw Error(who + " wrote outside device memory: allocation #" + std::to_string(a.serial) + " ("
                + std::to_string(a.size) + " bytes at " + hex(reinterpret_cast<uintptr_t>(a.data)) + "): " + where);
}

void Device::synchronize() {
    for (auto &entry : allocations_) {
        check_guards(entry.second, "a kernel or copy");
    }
}

void Device::launch(const std::string &kernel, unsigned grid_x, unsigned grid_y, unsigned block_x, unsigned block_y,
                    const Arg *args, int arg_count) {
    auto it = kernels().find(kernel);
    if (it == kernels().end()) {
        throw BadArgument("no kernel named " + kernel);
    }
    // The limits of every GPU since compute capability 3.0; CUDA answers CUDA_ERROR_INVALID_VALUE beyond them.
    if (grid_x < 1 || grid_y < 1 || block_x < 1 || block_y < 1 || grid_x > 2147483647u || grid_y > 65535
        || block_x > 1024 || block_y > 1024 || static_cast<unsigned long long>(block_x) * block_y > 1024) {
        throw Error("kernel " + kernel + ": invalid launch configuration: grid " + std::to_string(grid_x) + "x"
                    + std::to_string(grid_y) + ", block " + std::to_string(block_x) + "x" + std::to_string(block_y)
                    + " (grid y at most 65535, at most 1024 threads per block)");
    }
    LaunchRequest request{this, it->second.name, grid_x, grid_y, block_x, block_y, args, arg_count, {}};
    std::string failure;
    try {
        it->second.launch(request);
    } catch (const BadArgument &) {
        throw; // nothing ran
    } catch (const Error &e) {
        failure = e.what();
    }
    // Also after a failed launch, so that its writes out of bounds are not blamed on a later kernel.
    std::sort(request.touched.begin(), request.touched.end());
    request.touched.erase(std::unique(request.touched.begin(), request.touched.end()), request.touched.end());
    for (const Allocation *a : request.touched) {
        try {
            check_guards(*a, "kernel " + kernel);
        } catch (const Error &e) {
            failure += (failure.empty() ? "" : "; ") + std::string(e.what());
        }
    }
    if (!failure.empty()) {
        throw KernelFault(failure);
    }
}

// ---- the reference SGEMM (the emulated device's vendor GEMM) ----

namespace {

/** Columns [from, to) of C = alpha op(A) op(B) + beta C, summing each entry in float over l in order. */
struct GemmJob final : Job {
    bool trans_a, trans_b;
    int m, n, k;
    float alpha, beta;
    const float *a, *b;
    float *c;
    int lda, ldb, ldc;
    std::atomic<int> next{0};
    int chunk = 1;

    void work(Worker &) override {
        std::vector<float> column(static_cast<size_t>(k)), sum(static_cast<size_t>(m));
        for (int from; (from = next.fetch_add(chunk)) < n;) {
            for (int j = from; j < std::min(n, from + chunk); j++) {
                for (int l = 0; l < k; l++) { // column j of op(B)
                    column[l] = trans_b ? b[j + static_cast<long long>(l) * ldb] : b[l + static_cast<long long>(j) * ldb];
                }
                if (!trans_a) {
                    std::fill(sum.begin(), sum.end(), 0.0f);
                    for (int l = 0; l < k; l++) {
                        const float *al = a + static_cast<long long>(l) * lda;
                        float blj = column[l];
                        for (int i = 0; i < m; i++) {
                            sum[i] += al[i] * blj;
                        }
                    }
                } else {
                    for (int i = 0; i < m; i++) {
                        const float *ai = a + static_cast<long long>(i) * lda;
                        float s = 0.0f;
                        for (int l = 0; l < k; l++) {
                            s += ai[l] * column[l];
                        }
                        sum[i] = s;
                    }
                }
                float *cj = c + static_cast<long long>(j) * ldc;
                for (int i = 0; i < m; i++) {
                    cj[i] = alpha * sum[i] + (beta == 0.0f ? 0.0f : beta * cj[i]); // beta = 0: C may hold NaN
                }
            }
        }
    }
};

} // namespace

void Device::sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, uint64_t a, int lda, uint64_t b,
                   int ldb, float beta, uint64_t c, int ldc) {
    // cublasSgemm's checks (CUBLAS_STATUS_INVALID_VALUE), then that each matrix lies inside its allocation.
    int a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
    int b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
    if (m < 0 || n < 0 || k < 0 || lda < std::max(1, a_rows) || ldb < std::max(1, b_rows) || ldc < std::max(1, m)) {
        throw Error("sgemm: invalid value: m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k)
                    + " lda=" + std::to_string(lda) + " ldb=" + std::to_string(ldb) + " ldc=" + std::to_string(ldc));
    }
    auto extent = [](int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? size_t{0} : (static_cast<size_t>(cols - 1) * ld + rows) * sizeof(float);
    };
    copy_range(a, extent(a_rows, a_cols, lda), "sgemm (A)");
    copy_range(b, extent(b_rows, b_cols, ldb), "sgemm (B)");
    copy_range(c, extent(m, n, ldc), "sgemm (C)");
    if (m == 0 || n == 0) {
        return;
    }
    GemmJob job;
    job.trans_a = trans_a;
    job.trans_b = trans_b;
    job.m = m;
    job.n = n;
    job.k = k;
    job.alpha = alpha;
    job.beta = beta;
    job.a = reinterpret_cast<const float *>(static_cast<uintptr_t>(a));
    job.b = reinterpret_cast<const float *>(static_cast<uintptr_t>(b));
    job.c = reinterpret_cast<float *>(static_cast<uintptr_t>(c));
    job.lda = lda;
    job.ldb = ldb;
    job.ldc = ldc;
    long long work = static_cast<long long>(m) * n * std::max(k, 1);
    bool parallel = work >= (1 << 18) && n > 1;
    job.chunk = parallel ? std::max(1, n / (8 * pool().threads())) : n;
    pool().run(job, parallel);
}

} // namespace nndl4j::emu
