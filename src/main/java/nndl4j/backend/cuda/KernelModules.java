package nndl4j.backend.cuda;

import jcuda.driver.CUresult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_IMAGE;
import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_PTX;
import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_SOURCE;
import static jcuda.driver.CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU;
import static jcuda.driver.CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION;
import static jcuda.driver.CUresult.CUDA_SUCCESS;

/**
 * Where the kernels come from (docs/CUDA.md, "Loading the kernels"): the fatbin of each kernel shipped in the jar,
 * or, where there is none or this driver or GPU cannot use it, PTX that NVRTC compiles for the GPU. Only the
 * decisions are made here; the driver and NVRTC are behind {@link Driver} and {@link Compiler}, so that the tests
 * check them without a GPU.
 */
final class KernelModules {

    /** Loads one kernel's module into the context: cuModuleLoadData in {@link JCudaDevice}, a fake in the tests. */
    interface Driver {
        /** Loads {@code image} (a fatbin, or PTX ending in a NUL byte); returns cuModuleLoadData's result. */
        int load(Kernel kernel, byte[] image);
    }

    /** PTX for the GPU at hand: NVRTC with its cache, a fake in the tests. */
    interface Compiler {
        /** e.g. "13.0". */
        String version();

        /** The virtual architecture to compile for on a GPU of compute capability {@code deviceArch} (e.g. 90). */
        int targetArch(int deviceArch);

        String ptx(Kernel kernel, int arch);
    }

    /**
     * cuModuleLoadData's answers meaning that this driver or GPU cannot use the shipped fatbin, where PTX from NVRTC
     * may still load: no machine code for this GPU and PTX only for newer ones (NO_BINARY_FOR_GPU), PTX of a newer
     * CUDA than the driver's (UNSUPPORTED_PTX_VERSION), an image or PTX the driver does not understand
     * (INVALID_IMAGE, INVALID_SOURCE, INVALID_PTX). Any other answer is an error.
     */
    static final Set<Integer> UNUSABLE = Set.of(CUDA_ERROR_NO_BINARY_FOR_GPU, CUDA_ERROR_UNSUPPORTED_PTX_VERSION,
            CUDA_ERROR_INVALID_IMAGE, CUDA_ERROR_INVALID_SOURCE, CUDA_ERROR_INVALID_PTX);

    private KernelModules() {
    }

    /**
     * Loads every kernel through {@code driver} on a GPU of compute capability {@code deviceArch} (e.g. 90) and a
     * driver of version {@code driverVersion} (e.g. 12040); returns where the kernels came from, for the device's
     * description. Throws {@link DeviceException} where a kernel cannot be loaded either way.
     */
    static String load(Driver driver, int deviceArch, int driverVersion) {
        return load(driver, Kernel::shippedFatbin, () -> nvrtc(driverVersion / 1000), deviceArch, driverVersion);
    }

    /** As {@link #load(Driver, int, int)}, with the shipped fatbins and NVRTC given (fakes in the tests). */
    static String load(Driver driver, Function<Kernel, Optional<byte[]>> fatbins, Supplier<Compiler> nvrtc,
                       int deviceArch, int driverVersion) {
        List<Kernel> toCompile = new ArrayList<>();
        Set<String> shipped = new TreeSet<>();
        String whyCompile = null;
        for (Kernel k : Kernel.values()) {
            Optional<byte[]> fatbin = fatbins.apply(k);
            if (fatbin.isEmpty()) {
                toCompile.add(k);
                whyCompile = "no fatbin in the jar";
                continue;
            }
            int result = driver.load(k, fatbin.get());
            if (result == CUDA_SUCCESS) {
                shipped.add(Fatbin.read(fatbin.get()).flatMap(f -> f.imageFor(deviceArch)).orElse("contents unknown"));
            } else if (UNUSABLE.contains(result)) {
                toCompile.add(k);
                whyCompile = "the shipped fatbin does not load on driver " + driverVersion / 1000 + "."
                        + driverVersion % 1000 / 10 + ": " + CUresult.stringFor(result);
            } else {
                throw new DeviceException("cuModuleLoadData(" + k.entry() + ".fatbin): " + CUresult.stringFor(result));
            }
        }
        String fromFatbin = "shipped fatbin (" + String.join(", ", shipped) + ")";
        if (toCompile.isEmpty()) {
            return fromFatbin;
        }
        Compiler compiler;
        int target;
        try {
            compiler = nvrtc.get();
            target = compiler.targetArch(deviceArch);
        } catch (DeviceException e) {
            throw new DeviceException(whyCompile + ", and " + e.getMessage(), e);
        }
        for (Kernel k : toCompile) {
            // cuModuleLoadData reads PTX up to its terminating NUL.
            int result = driver.load(k, (compiler.ptx(k, target) + "\0").getBytes(StandardCharsets.UTF_8));
            if (result != CUDA_SUCCESS) {
                throw new DeviceException("cuModuleLoadData(" + k.entry() + ", NVRTC compute_" + target + "): "
                        + CUresult.stringFor(result));
            }
        }
        String fromNvrtc = "NVRTC " + compiler.version() + " for compute_" + target;
        int all = Kernel.values().length;
        return toCompile.size() == all ? fromNvrtc + " (" + whyCompile + ")"
                : fromNvrtc + " for " + toCompile.size() + " of " + all + " kernels (" + whyCompile + "), the others from the "
                  + fromFatbin;
    }

    /** NVRTC for a driver of CUDA major version {@code driverMajor}, with its PTX cached in the user's cache. */
    private static Compiler nvrtc(int driverMajor) {
        Nvrtc nvrtc = Nvrtc.load(driverMajor);
        PtxCache cache = PtxCache.inUserCache();
        return new Compiler() {
            @Override
            public String version() {
                return nvrtc.version();
            }

            @Override
            public int targetArch(int deviceArch) {
                return nvrtc.targetArch(deviceArch);
            }

            @Override
            public String ptx(Kernel kernel, int arch) {
                return cache.ptx(kernel, nvrtc.id(), arch, () -> nvrtc.compile(kernel, arch));
            }
        };
    }
}
