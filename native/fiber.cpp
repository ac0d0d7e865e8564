#include "fiber.h"
#include "emulator.h"

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

Stack stack_allocate(std::size_t size) {
    // Map twice the size, keep the aligned middle.
    void *p = mmap(nullptr, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        throw OutOfMemory("emulator: cannot map a " + std::to_string(size) + "-byte fiber stack");
    }
    auto start = reinterpret_cast<uintptr_t>(p);
    uintptr_t aligned = (start + size - 1) & ~static_cast<uintptr_t>(size - 1);
    if (aligned > start) {
        munmap(p, aligned - start);
    }
    if (aligned + size < start + 2 * size) {
        munmap(reinterpret_cast<void *>(aligned + size), start + 2 * size - (aligned + size));
    }
    Stack s;
    s.base = reinterpret_cast<void *>(aligned);
    s.size = size;
    if (mprotect(s.base, page_size(), PROT_NONE) != 0) {
        stack_free(s);
        throw Error("emulator: cannot protect the guard page of a fiber stack");
    }
    return s;
}

void stack_free(Stack &stack) {
    if (stack.base != nullptr) {
        munmap(stack.base, stack.size);
        stack.base = nullptr;
    }
}

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
