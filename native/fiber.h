// Fibers for the threads of a block: each emulated GPU thread that waits at __syncthreads keeps its own stack.
// On x86-64 a switch saves and restores only the callee-saved registers (native/fiber.cpp, a few nanoseconds);
// elsewhere, or with -DNNDL4J_EMULATOR_UCONTEXT=ON, it uses POSIX ucontext, which is slower (a system call per
// switch) but portable.
#ifndef NNDL4J_FIBER_H
#define NNDL4J_FIBER_H

#include <cstddef>
#include <cstdint>

#if !defined(NNDL4J_FIBER_UCONTEXT) && !(defined(__x86_64__) && !defined(_WIN32))
#define NNDL4J_FIBER_UCONTEXT 1
#endif

#ifdef NNDL4J_FIBER_UCONTEXT
#include <ucontext.h>
#endif

namespace nndl4j::emu {

struct Context {
#ifdef NNDL4J_FIBER_UCONTEXT
    ucontext_t uc;
#else
    void *sp = nullptr; // the saved stack pointer; the registers lie on the stack below it
#endif
};

/** Prepares `context` to run `entry` (which must never return) on the given stack when first switched to. */
void context_init(Context &context, void *stack, std::size_t size, void (*entry)());

/** Saves the running context in `from` and continues `to`; returns when something switches back to `from`. */
void context_switch(Context &from, Context &to);

/**
 * A fiber's stack: `size` bytes (a power of two) aligned to `size`, so that code running on it finds the top from
 * its stack pointer. The lowest page is inaccessible: an overflow faults at once instead of corrupting memory.
 * All stacks come from one reserved range of addresses, so a fault handler can tell from the stack pointer alone
 * whether a fiber faulted (in_fiber_stack).
 */
struct Stack {
    void *base = nullptr;
    std::size_t size = 0;
    /** The bytes a context may use, above the guard page; `reserved` bytes at the top are left alone. */
    void *usable() const;
    std::size_t usable_size(std::size_t reserved) const;
    void *top() const { return static_cast<char *>(base) + size; }
};

/** A stack of NNDL4J_EMU_STACK_BYTES bytes. */
Stack stack_allocate();
void stack_free(Stack &stack);
/** Whether `address` lies in the range the fiber stacks come from; safe in a signal handler. */
bool in_fiber_stack(uintptr_t address);

const char *context_kind();

} // namespace nndl4j::emu

#endif
