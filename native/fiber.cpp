#include "fiber.h"
#include "cuda_emu.h"
#include "emulator.h"

#include <mutex>
#include <vector>

#include <cstdint>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif
#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif

namespace nndl4j::emu {

static std::size_t page_size() {
    static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    return size;
}

namespace {

// Room for this many stacks (2 GiB of addresses, none of it committed until a stack is used): 1024 fibers, the most
// a block needs, for each of 16 OS threads.
constexpr std::size_t MAX_STACKS = 16 * 1024;
constexpr std::size_t STACK_BYTES = NNDL4J_EMU_STACK_BYTES;

std::once_flag reserved;
uintptr_t region_start = 0, region_end = 0;
std::mutex slots_mutex;
std::vector<uintptr_t> free_slots;
std::size_t used_slots = 0;

void reserve() {
    std::size_t bytes = (MAX_STACKS + 1) * STACK_BYTES;
    void *p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return; // stack_allocate reports it
    }
    auto start = reinterpret_cast<uintptr_t>(p);
    region_start = (start + STACK_BYTES - 1) & ~static_cast<uintptr_t>(STACK_BYTES - 1);
    region_end = region_start + MAX_STACKS * STACK_BYTES;
}

} // namespace

Stack stack_allocate() {
    std::call_once(reserved, reserve);
    if (region_start == 0) {
        throw OutOfMemory("emulator: cannot reserve addresses for the fiber stacks");
    }
    uintptr_t slot;
    {
        std::lock_guard<std::mutex> lock(slots_mutex);
        if (!free_slots.empty()) {
            slot = free_slots.back();
            free_slots.pop_back();
        } else if (used_slots < MAX_STACKS) {
            slot = region_start + used_slots++ * STACK_BYTES;
        } else {
            throw OutOfMemory("emulator: more than " + std::to_string(MAX_STACKS) + " fiber stacks");
        }
    }
    // All but the lowest page, which stays inaccessible as the guard.
    if (mprotect(reinterpret_cast<void *>(slot + page_size()), STACK_BYTES - page_size(), PROT_READ | PROT_WRITE) != 0) {
        std::lock_guard<std::mutex> lock(slots_mutex);
        free_slots.push_back(slot);
        throw OutOfMemory("emulator: cannot map a fiber stack");
    }
    Stack s;
    s.base = reinterpret_cast<void *>(slot);
    s.size = STACK_BYTES;
    return s;
}

void stack_free(Stack &stack) {
    if (stack.base != nullptr) {
        madvise(stack.base, stack.size, MADV_DONTNEED);
        mprotect(stack.base, stack.size, PROT_NONE);
        std::lock_guard<std::mutex> lock(slots_mutex);
        free_slots.push_back(reinterpret_cast<uintptr_t>(stack.base));
        stack.base = nullptr;
    }
}

bool in_fiber_stack(uintptr_t address) { return address >= region_start && address < region_end; }

void *Stack::usable() const { return static_cast<char *>(base) + page_size(); }

std::size_t Stack::usable_size(std::size_t reserved) const { return size - page_size() - reserved; }

#ifdef NNDL4J_FIBER_UCONTEXT

void context_init(Context &context, void *stack, std::size_t size, void (*entry)()) {
    if (getcontext(&context.uc) != 0) {
        throw Error("emulator: getcontext failed");
    }
    context.uc.uc_stack.ss_sp = stack;
    context.uc.uc_stack.ss_size = size;
    context.uc.uc_link = nullptr;
    makecontext(&context.uc, entry, 0);
}

void context_switch(Context &from, Context &to) {
    swapcontext(&from.uc, &to.uc);
}

const char *context_kind() { return "ucontext"; }

#else

// void nndl4j_emu_switch(void **save_sp, void *load_sp): pushes the callee-saved registers of the System V ABI,
// saves the stack pointer, loads the other one and pops its registers. The SSE and x87 control words (rounding
// modes) are not switched: all fibers of an OS thread share them, and nothing in a kernel changes them; saving
// them would make each switch several times slower (ldmxcsr serialises the pipeline).
extern "C" void nndl4j_emu_switch(void **save_sp, void *load_sp);
asm(R"(
    .text
    .p2align 4
    .globl nndl4j_emu_switch
    .hidden nndl4j_emu_switch
    .type nndl4j_emu_switch, @function
nndl4j_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size nndl4j_emu_switch, .-nndl4j_emu_switch
)");

void context_init(Context &context, void *stack, std::size_t size, void (*entry)()) {
    // The first switch to this context pops the frame built here and "returns" into entry with the stack
    // aligned as after a call (rsp = 8 mod 16); entry's own return address is 0, and it never returns.
    auto top = (reinterpret_cast<uintptr_t>(stack) + size) & ~static_cast<uintptr_t>(15);
    auto *slot = reinterpret_cast<uint64_t *>(top);
    *--slot = 0;                                  // entry's return address
    *--slot = reinterpret_cast<uint64_t>(entry);  // where the switch's ret goes
    for (int i = 0; i < 6; i++) {
        *--slot = 0;                              // rbp, rbx, r12-r15
    }
    context.sp = slot;
}

void context_switch(Context &from, Context &to) {
    nndl4j_emu_switch(&from.sp, to.sp);
}

const char *context_kind() { return "x86-64 stack switch"; }

#endif

} // namespace nndl4j::emu
