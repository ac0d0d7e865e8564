// JNI bindings of nndl4j.backend.cuda.EmulatedDevice: the Device seam over native/emulator.cpp. Emulator errors
// become Java exceptions: DeviceException (OutOfDeviceMemoryException when memory runs out, KernelFaultException
// when a kernel faulted), or IllegalArgumentException for an unknown kernel or a pointer that is not an
// allocation, as JCudaDevice throws.
#include "emulator.h"

#include <jni.h>

#include <new>
#include <string>
#include <vector>

using nndl4j::emu::Arg;
using nndl4j::emu::ArgType;
using nndl4j::emu::Device;

namespace {

/** Must equal EmulatedDevice.ABI: a library built from other sources than the Java code is refused. */
constexpr jint ABI = 1;

void throw_java(JNIEnv *env, const char *cls, const std::string &message) {
    jclass c = env->FindClass(cls);
    if (c != nullptr) {
        env->ThrowNew(c, message.c_str());
    }
}

/** Runs body, turning C++ exceptions into Java ones; returns fallback when it threw. */
template <class T, class F>
T guarded(JNIEnv *env, T fallback, F body) {
    try {
        return body();
    } catch (const nndl4j::emu::OutOfMemory &e) {
        throw_java(env, "nndl4j/backend/cuda/OutOfDeviceMemoryException", e.what());
    } catch (const nndl4j::emu::BadArgument &e) {
        throw_java(env, "java/lang/IllegalArgumentException", e.what());
    } catch (const nndl4j::emu::KernelFault &e) {
        throw_java(env, "nndl4j/backend/cuda/KernelFaultException", e.what());
    } catch (const std::bad_alloc &) {
        throw_java(env, "nndl4j/backend/cuda/OutOfDeviceMemoryException", "emulator: the host is out of memory");
    } catch (const std::exception &e) {
        throw_java(env, "nndl4j/backend/cuda/DeviceException", e.what());
    }
    return fallback;
}

Device &device(jlong handle) { return *reinterpret_cast<Device *>(static_cast<intptr_t>(handle)); }

uint64_t address(jlong pointer) { return static_cast<uint64_t>(pointer); }

std::string compiler() {
#if defined(__clang__)
    return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
    return std::string("GCC ") + __VERSION__;
#else
    return "an unknown compiler";
#endif
}

/** Checks that n elements fit at the device address, then hands the host address to {@code copy}. */
template <typename Element, typename Array, typename Copy>
void copy_checked(JNIEnv *env, jlong handle, jlong device_address, Array array, const char *what, Copy copy) {
    jsize n = env->GetArrayLength(array);
    auto *at = guarded(env, static_cast<void *>(nullptr), [&] {
        return device(handle).copy_range(address(device_address), sizeof(Element) * static_cast<size_t>(n), what);
    });
    if (at != nullptr) {
        copy(n, static_cast<Element *>(at));
    }
}

} // namespace

extern "C" {

JNIEXPORT jint JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_abi(JNIEnv *, jclass) { return ABI; }

JNIEXPORT jobjectArray JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_kernelNames(JNIEnv *env, jclass) {
    const auto &kernels = nndl4j::emu::kernels();
    jobjectArray names = env->NewObjectArray(static_cast<jsize>(kernels.size()), env->FindClass("java/lang/String"), nullptr);
    jsize i = 0;
    for (const auto &entry : kernels) {
        env->SetObjectArrayElement(names, i++, env->NewStringUTF(entry.first.c_str()));
    }
    return names;
}

JNIEXPORT jlong JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_create(JNIEnv *env, jclass, jboolean vendorGemm,
                                                                      jlong memoryLimit, jint threads) {
    return guarded(env, jlong{0}, [&] {
        if (threads > 0) {
            nndl4j::emu::set_worker_threads(threads);
        }
        return static_cast<jlong>(reinterpret_cast<intptr_t>(new Device(vendorGemm, static_cast<size_t>(memoryLimit))));
    });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_destroy(JNIEnv *, jclass, jlong handle) {
    delete &device(handle);
}

JNIEXPORT jstring JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_description(JNIEnv *env, jclass, jlong handle) {
    Device &d = device(handle);
    size_t own = 0; // the kernels of kernels/, not the emulator's test kernels
    for (const auto &entry : nndl4j::emu::kernels()) {
        own += entry.first.rfind("emulator_test_", 0) == 0 ? 0 : 1;
    }
    std::string text = "CUDA emulator on the host CPU, not a GPU: " + std::to_string(own)
                       + " kernels built from kernels/*.cu by " + compiler() + ", blocks on "
                       + std::to_string(nndl4j::emu::worker_threads()) + " OS threads, threads of a block as fibers ("
                       + nndl4j::emu::fiber_kind() + "); GEMM: "
                       + (d.has_vendor_gemm() ? "reference SGEMM (cuBLAS conventions)" : "own sgemm kernel")
                       + "; guard bytes checked after every launch";
    return env->NewStringUTF(text.c_str());
}

JNIEXPORT jlong JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_allocate(JNIEnv *env, jclass, jlong handle, jlong bytes) {
    return guarded(env, jlong{0}, [&] {
        if (bytes < 0) {
            throw nndl4j::emu::BadArgument("allocate: negative size " + std::to_string(bytes));
        }
        return static_cast<jlong>(reinterpret_cast<intptr_t>(device(handle).allocate(static_cast<size_t>(bytes))));
    });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_free(JNIEnv *env, jclass, jlong handle, jlong pointer) {
    guarded(env, 0, [&] {
        device(handle).free(address(pointer));
        return 0;
    });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_copyFloatsToDevice(JNIEnv *env, jclass, jlong handle,
                                                                                  jfloatArray source, jlong destination) {
    copy_checked<jfloat>(env, handle, destination, source, "copyToDevice",
                         [&](jsize n, jfloat *to) { env->GetFloatArrayRegion(source, 0, n, to); });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_copyIntsToDevice(JNIEnv *env, jclass, jlong handle,
                                                                                jintArray source, jlong destination) {
    copy_checked<jint>(env, handle, destination, source, "copyToDevice",
                       [&](jsize n, jint *to) { env->GetIntArrayRegion(source, 0, n, to); });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_copyFloatsToHost(JNIEnv *env, jclass, jlong handle,
                                                                                jlong source, jfloatArray destination) {
    copy_checked<jfloat>(env, handle, source, destination, "copyToHost",
                         [&](jsize n, jfloat *from) { env->SetFloatArrayRegion(destination, 0, n, from); });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_copyDoublesToHost(JNIEnv *env, jclass, jlong handle,
                                                                                 jlong source, jdoubleArray destination) {
    copy_checked<jdouble>(env, handle, source, destination, "copyToHost",
                          [&](jsize n, jdouble *from) { env->SetDoubleArrayRegion(destination, 0, n, from); });
}

/** types[i] is the ordinal of KernelArgs.Type (POINTER, INT, FLOAT), bits[i] the raw bits. */
JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_launch(JNIEnv *env, jclass, jlong handle, jstring kernel,
                                                                      jint gridX, jint gridY, jint blockX, jint blockY,
                                                                      jintArray types, jlongArray bits) {
    jsize count = env->GetArrayLength(types);
    if (count > 64 || env->GetArrayLength(bits) != count) {
        throw_java(env, "java/lang/IllegalArgumentException", "launch: bad argument arrays");
        return;
    }
    jint type[64];
    jlong value[64];
    Arg args[64];
    env->GetIntArrayRegion(types, 0, count, type);
    env->GetLongArrayRegion(bits, 0, count, value);
    for (jsize i = 0; i < count; i++) {
        args[i] = Arg{static_cast<ArgType>(type[i]), static_cast<uint64_t>(value[i])};
    }
    const char *name = env->GetStringUTFChars(kernel, nullptr);
    if (name == nullptr) {
        return; // OutOfMemoryError pending
    }
    std::string kernel_name(name);
    env->ReleaseStringUTFChars(kernel, name);
    guarded(env, 0, [&] {
        device(handle).launch(kernel_name, static_cast<unsigned>(gridX), static_cast<unsigned>(gridY),
                              static_cast<unsigned>(blockX), static_cast<unsigned>(blockY), args, count);
        return 0;
    });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_sgemm(JNIEnv *env, jclass, jlong handle, jboolean transA,
                                                                     jboolean transB, jint m, jint n, jint k, jfloat alpha,
                                                                     jlong a, jint lda, jlong b, jint ldb, jfloat beta,
                                                                     jlong c, jint ldc) {
    guarded(env, 0, [&] {
        device(handle).sgemm(transA, transB, m, n, k, alpha, address(a), lda, address(b), ldb, beta, address(c), ldc);
        return 0;
    });
}

JNIEXPORT void JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_synchronize(JNIEnv *env, jclass, jlong handle) {
    guarded(env, 0, [&] {
        device(handle).synchronize();
        return 0;
    });
}

/** {free, total} bytes. */
JNIEXPORT jlongArray JNICALL Java_nndl4j_backend_cuda_EmulatedDevice_memoryInfo(JNIEnv *env, jclass, jlong handle) {
    Device &d = device(handle);
    jlong info[2] = {static_cast<jlong>(d.memory_limit() - d.allocated()), static_cast<jlong>(d.memory_limit())};
    jlongArray result = env->NewLongArray(2);
    if (result != nullptr) {
        env->SetLongArrayRegion(result, 0, 2, info);
    }
    return result;
}

} // extern "C"
