/*
 * nndl4j's libcublas.so.12 forwarder (docs/CUDA.md, "cuBLAS and libcublas.so.12").
 *
 * JCuda 12.6's JCublas2 natives need libcublas.so.12: they name it in DT_NEEDED and bind each cuBLAS function with
 * the symbol version "libcublas.so.12". A machine with only CUDA 13 has libcublas.so.13 instead, which keeps the
 * functions JCublas2 calls under the same names. This library takes the .so.12 name (soname and version node) and
 * passes each of those calls on to libcublas.so.13.
 *
 * The entry points are generated at build time from JCublas2's own library (build.sh writes entries.h and the
 * version script), so the list always matches the JCublas2 that ships. Each entry point is a trampoline: a single
 * jump through a pointer, so the arguments pass through untouched whatever the function's signature. Each pointer
 * starts at a fallback, and the constructor points it at libcublas.so.13's function where the library and the
 * symbol exist. Without libcublas.so.13 every call thus fails cleanly (CUBLAS_STATUS_NOT_INITIALIZED) instead of
 * crashing. Trampolines exist for x86_64 and aarch64.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>

#define CUBLAS_STATUS_NOT_INITIALIZED 1

typedef void (*function)(void);

/* What an entry point does without libcublas.so.13; called with the caller's arguments, which it ignores. */
static int fallback_status(void) {
    return CUBLAS_STATUS_NOT_INITIALIZED;
}

/* cublasGetStatusName/String: a string (JCublas2 makes a Java String of it, so it must not be null). */
static const char *fallback_string(void) {
    return "CUBLAS_STATUS_NOT_INITIALIZED (nndl4j's libcublas.so.12 forwarder: no libcublas.so.13, or no such function in it)";
}

/* cublasGetCudartVersion: a size_t, 0 for "none". */
static size_t fallback_zero(void) {
    return 0;
}

#if defined(__x86_64__)
/* endbr64 is the landing pad that CET's indirect branch tracking wants (JCublas2 calls through its PLT); it is a
   no-op on CPUs without CET. The jump reads the pointer PC-relative, so it needs no register. */
#define TRAMPOLINE(name)                                        \
    __asm__(".text\n"                                           \
            ".globl " #name "\n"                                \
            ".type " #name ", @function\n"                      \
            ".p2align 4\n"                                      \
            #name ":\n"                                         \
            "    endbr64\n"                                     \
            "    jmp *nndl4j_target_" #name "(%rip)\n"          \
            ".size " #name ", . - " #name "\n");
#elif defined(__aarch64__)
/* x16 (IP0) is free at a function's entry: the procedure call standard keeps it for veneers such as this one.
   "hint #34" is BTI's landing pad "bti c", a no-op on CPUs without BTI. */
#define TRAMPOLINE(name)                                        \
    __asm__(".text\n"                                           \
            ".globl " #name "\n"                                \
            ".type " #name ", %function\n"                      \
            ".p2align 2\n"                                      \
            #name ":\n"                                         \
            "    hint #34\n"                                    \
            "    adrp x16, nndl4j_target_" #name "\n"           \
            "    ldr x16, [x16, #:lo12:nndl4j_target_" #name "]\n" \
            "    br x16\n"                                      \
            ".size " #name ", . - " #name "\n");
#else
#error "nndl4j's libcublas.so.12 forwarder has trampolines for x86_64 and aarch64 only"
#endif

/* Per entry point: its pointer (hidden, so that the trampoline reaches it without the GOT; "used", because only
   the assembly refers to it) and its trampoline. */
#define CUBLAS_ENTRY(name, fallback)                                                   \
    __attribute__((visibility("hidden"), used)) function nndl4j_target_##name =       \
        (function) fallback_##fallback;                                                \
    TRAMPOLINE(name)
#include "entries.h"
#undef CUBLAS_ENTRY

static const struct entry {
    const char *name;
    function *target;
} entries[] = {
#define CUBLAS_ENTRY(name, fallback) {#name, &nndl4j_target_##name},
#include "entries.h"
#undef CUBLAS_ENTRY
};

/* Runs when this library loads, so before any entry point can be called. */
__attribute__((constructor)) static void bind_cublas13(void) {
    /* By soname: where nndl4j's CublasLibrary has already loaded libcublas.so.13 by its path, this finds that
       copy; elsewhere the dynamic linker searches as usual (LD_LIBRARY_PATH, ld.so.cache, ...). */
    void *cublas = dlopen("libcublas.so.13", RTLD_NOW | RTLD_LOCAL);
    if (cublas == NULL) {
        fprintf(stderr, "nndl4j's libcublas.so.12 forwarder: %s; every cuBLAS call returns "
                        "CUBLAS_STATUS_NOT_INITIALIZED\n", dlerror());
        return;
    }
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        void *f = dlsym(cublas, entries[i].name);
        if (f != NULL) {
            *entries[i].target = (function) f;
        }
    }
}
