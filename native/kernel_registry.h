// Launch by name: NNDL4J_EMU_REGISTER(kernel) adds a kernel of kernels/*.cu to the registry with a wrapper that
// checks the launch's typed argument slots (nndl4j.backend.cuda.KernelArgs) against the kernel's C++ parameters
// and unpacks them: POINTER into any pointer parameter, INT into int, FLOAT into float. A slot of another type,
// a wrong count or a pointer outside device memory is an error naming the kernel and the argument.
// CMake generates one translation unit per kernel: cuda_emu.h, the kernel's .cu, then this header and the macro.
#ifndef NNDL4J_KERNEL_REGISTRY_H
#define NNDL4J_KERNEL_REGISTRY_H

#include "emulator.h"

#include <cstring>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace nndl4j::emu {

template <class T>
struct Param {
    static_assert(std::is_pointer_v<T> || std::is_same_v<T, int> || std::is_same_v<T, float>,
                  "kernel parameters must be pointers, int or float: the only types KernelArgs passes");
    static constexpr ArgType type = std::is_pointer_v<T> ? ArgType::POINTER
                                    : std::is_same_v<T, int> ? ArgType::INT : ArgType::FLOAT;
    static const char *c_name() { return std::is_pointer_v<T> ? "a pointer" : std::is_same_v<T, int> ? "int" : "float"; }
};

inline const char *slot_name(ArgType t) {
    switch (t) {
    case ArgType::POINTER: return "POINTER";
    case ArgType::INT: return "INT";
    case ArgType::FLOAT: return "FLOAT";
    }
    return "?";
}

/** Argument `index` (0-based) of `request`, as the kernel's parameter type T. */
template <class T>
T unpack_one(LaunchRequest &request, int index) {
    const Arg &arg = request.args[index];
    if (arg.type != Param<T>::type) {
        throw BadArgument(std::string("kernel ") + request.kernel + ": argument " + std::to_string(index + 1) + " is "
                          + slot_name(arg.type) + " but the parameter is " + Param<T>::c_name());
    }
    if constexpr (std::is_pointer_v<T>) {
        const Allocation *a = request.device->find(arg.bits);
        if (a == nullptr) {
            throw BadArgument(std::string("kernel ") + request.kernel + ": argument " + std::to_string(index + 1)
                              + " is " + request.device->describe(arg.bits));
        }
        request.touched.push_back(a);
        return reinterpret_cast<T>(static_cast<uintptr_t>(arg.bits));
    } else if constexpr (std::is_same_v<T, int>) {
        return static_cast<int>(static_cast<uint32_t>(arg.bits));
    } else {
        uint32_t raw = static_cast<uint32_t>(arg.bits);
        float f;
        std::memcpy(&f, &raw, sizeof f);
        return f;
    }
}

template <auto Kernel>
struct Registered;

template <class... P, void (*Kernel)(P...)>
struct Registered<Kernel> {
    using Args = std::tuple<P...>;

    /** Runs one thread: called by the launcher with the unpacked arguments. */
    static void invoke(const void *packed) {
        std::apply(Kernel, *static_cast<const Args *>(packed));
    }

    template <std::size_t... I>
    static Args unpack(LaunchRequest &request, std::index_sequence<I...>) {
        // Braces: the arguments are checked left to right, so an error names the first bad one.
        return Args{unpack_one<P>(request, static_cast<int>(I))...};
    }

    static void launch(LaunchRequest &request) {
        if (request.arg_count != static_cast<int>(sizeof...(P))) {
            throw BadArgument(std::string("kernel ") + request.kernel + " takes " + std::to_string(sizeof...(P))
                              + " arguments, the launch passed " + std::to_string(request.arg_count));
        }
        Args args = unpack(request, std::index_sequence_for<P...>{});
        run_grid(request, &invoke, &args);
    }
};

} // namespace nndl4j::emu

#define NNDL4J_EMU_REGISTER(kernel)                                                                             \
    static const bool nndl4j_emu_registered_##kernel = nndl4j::emu::register_kernel(                            \
        {#kernel, &nndl4j::emu::Registered<&kernel>::launch, static_cast<int>(std::tuple_size_v<                   \
                                                                  nndl4j::emu::Registered<&kernel>::Args>)});

#endif
