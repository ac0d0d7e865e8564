package nndl4j.backend.cuda;

import jcuda.JCudaVersion;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY;
import static jcuda.driver.CUresult.CUDA_SUCCESS;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasGetVersion;
import static jcuda.jcublas.JCublas2.cublasSgemm;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

/**
 * The device seam over JCuda: device 0 through the CUDA driver API, in its primary context (the one cuBLAS
 * uses too), with all work on that context's default stream so that every call is ordered after the ones
 * before it; GEMMs through cuBLAS (JCublas2) where it loads. Every status is checked: a failure throws
 * {@link DeviceException} naming the call and the error.
 *
 * <p>Kernels are loaded at start by {@link KernelModules}: the fatbins shipped in the jar, or, where none was
 * shipped or this driver or GPU cannot use them, PTX compiled from the shipped sources by {@link Nvrtc}.
 */
final class JCudaDevice implements Device {

    /** The JCuda driver natives, loaded once; null when they loaded, else why not (e.g. "libcuda.so.1 not found"). */
    private static final class DriverNatives {
        static final String FAILURE = NativeLoadFailure.of(() -> JCudaDriver.setExceptionsEnabled(false));
    }

    /** The JCublas2 natives, which need libcublas.so.12; null when they loaded, else why not. */
    private static final class CublasNatives {
        static final String FAILURE = NativeLoadFailure.of(() -> JCublas2.setExceptionsEnabled(false));
    }

    /** A CUdeviceptr that tells its address (JCuda keeps it protected), which is the handle the seam hands out. */
    private static final class DevicePointer extends CUdeviceptr {
        long address() {
            return getNativePointer();
        }
    }

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final Map<Long, DevicePointer> allocations = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final List<CUmodule> modules = new ArrayList<>();
    private boolean retained;
    private cublasHandle cublas;
    private String description;
    private Thread boundThread;
    private boolean closed;

    private JCudaDevice() {
    }

    /** Device 0, with cuBLAS where it loads and every kernel loaded; throws {@link DeviceException} with a one-line reason. */
    static JCudaDevice open() {
        if (DriverNatives.FAILURE != null) {
            throw new DeviceException(DriverNatives.FAILURE);
        }
        check(cuInit(0), "cuInit");
        int[] count = {0};
        check(cuDeviceGetCount(count), "cuDeviceGetCount");
        if (count[0] == 0) {
            throw new DeviceException("no CUDA device found");
        }
        JCudaDevice d = new JCudaDevice();
        try {
            d.start();
            return d;
        } catch (RuntimeException e) {
            try {
                d.close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    private void start() {
        check(cuDeviceGet(device, 0), "cuDeviceGet");
        check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        retained = true;
        bind();
        int[] major = {0}, minor = {0}, driver = {0};
        check(cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "cuDeviceGetAttribute");
        check(cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "cuDeviceGetAttribute");
        check(cuDriverGetVersion(driver), "cuDriverGetVersion");
        long[] memory = {0};
        check(cuDeviceTotalMem(memory, device), "cuDeviceTotalMem");
        byte[] name = new byte[256];
        check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");

        String gemm = startCublas();
        String kernels = KernelModules.load(this::tryLoad, major[0] * 10 + minor[0], driver[0]);
        description = String.format(Locale.ROOT,
                "%s (compute %d.%d, %s), driver %d.%d, JCuda %s (built for the CUDA %s runtime), GEMM: %s, kernels: %s",
                new String(name, StandardCharsets.US_ASCII).trim(), major[0], minor[0],
                CudaBackend.bytes(memory[0]), driver[0] / 1000, driver[0] % 1000 / 10, JCudaVersion.get(),
                JCudaVersion.get().replaceAll("\\.\\d+$", ""), gemm, kernels);
    }

    /** Creates the cuBLAS handle where JCublas2 loads and starts; says which GEMM is used either way. */
    private String startCublas() {
        if (CublasNatives.FAILURE != null) {
            return "own sgemm kernel (cuBLAS unavailable: " + CublasNatives.FAILURE + ")";
        }
        cublasHandle handle = new cublasHandle();
        int created = cublasCreate(handle);
        if (created != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            return "own sgemm kernel (cuBLAS unavailable: cublasCreate: " + cublasStatus.stringFor(created) + ")";
        }
        cublas = handle;
        int[] version = {0};
        checkCublas(cublasGetVersion(handle, version), "cublasGetVersion");
        return "cuBLAS " + version[0] / 10000 + "." + version[0] % 10000 / 100 + "." + version[0] % 100;
    }

    /** Loads one kernel's image (a fatbin, or PTX ending in a NUL byte) and looks up its entry; returns cuModuleLoadData's result. */
    private int tryLoad(Kernel k, byte[] image) {
        CUmodule module = new CUmodule();
        int result = cuModuleLoadData(module, image);
        if (result == CUDA_SUCCESS) {
            modules.add(module);
            CUfunction function = new CUfunction();
            check(cuModuleGetFunction(function, module, k.entry()), "cuModuleGetFunction(" + k.entry() + ")");
            functions.put(k.entry(), function);
        }
        return result;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long allocate(long bytes) {
        bind();
        long size = Math.max(bytes, 1);
        DevicePointer p = new DevicePointer();
        int result = cuMemAlloc(p, size);
        if (result == CUDA_ERROR_OUT_OF_MEMORY) {
            throw new OutOfDeviceMemoryException("cuMemAlloc(" + size + " bytes): CUDA_ERROR_OUT_OF_MEMORY");
        }
        check(result, "cuMemAlloc(" + size + " bytes)");
        allocations.put(p.address(), p);
        check(cuMemsetD8(p, (byte) 0, size), "cuMemsetD8");
        return p.address();
    }

    @Override
    public void free(long pointer) {
        if (closed) {
            return;
        }
        DevicePointer p = allocations.remove(pointer);
        if (p == null) {
            throw new IllegalArgumentException("not an allocation of this device: 0x" + Long.toHexString(pointer));
        }
        bind();
        check(cuMemFree(p), "cuMemFree");
    }

    @Override
    public void copyToDevice(float[] source, long destination) {
        copyToDevice(Pointer.to(source), (long) source.length * Float.BYTES, destination);
    }

    @Override
    public void copyToDevice(int[] source, long destination) {
        copyToDevice(Pointer.to(source), (long) source.length * Integer.BYTES, destination);
    }

    private void copyToDevice(Pointer source, long bytes, long destination) {
        if (bytes > 0) {
            bind();
            check(cuMemcpyHtoD(allocation(destination), source, bytes), "cuMemcpyHtoD");
        }
    }

    @Override
    public void copyToHost(long source, float[] destination) {
        copyToHost(source, Pointer.to(destination), (long) destination.length * Float.BYTES);
    }

    @Override
    public void copyToHost(long source, double[] destination) {
        copyToHost(source, Pointer.to(destination), (long) destination.length * Double.BYTES);
    }

    private void copyToHost(long source, Pointer destination, long bytes) {
        if (bytes > 0) {
            bind();
            check(cuMemcpyDtoH(destination, allocation(source), bytes), "cuMemcpyDtoH");
        }
    }

    @Override
    public void launch(String kernel, int gridX, int gridY, int blockX, int blockY, KernelArgs args) {
        CUfunction function = functions.get(kernel);
        if (function == null) {
            throw new IllegalArgumentException("no kernel named " + kernel);
        }
        bind();
        check(cuLaunchKernel(function, gridX, gridY, 1, blockX, blockY, 1, 0, null, kernelParams(args), null),
                "cuLaunchKernel(" + kernel + ")");
    }

    /** cuLaunchKernel's kernelParams: one pointer per argument, to a host copy of its value. */
    static Pointer kernelParams(KernelArgs args) {
        List<KernelArgs.Arg> list = args.list();
        Pointer[] values = new Pointer[list.size()];
        for (int i = 0; i < values.length; i++) {
            KernelArgs.Arg arg = list.get(i);
            values[i] = arg.type().bytes == Long.BYTES ? Pointer.to(new long[] {arg.bits()}) : Pointer.to(new int[] {(int) arg.bits()});
        }
        return Pointer.to(values);
    }

    @Override
    public Optional<Gemm> vendorGemm() {
        return cublas == null ? Optional.empty() : Optional.of(this::cublasGemm);
    }

    private void cublasGemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                            long a, int lda, long b, int ldb, float beta, long c, int ldc) {
        bind();
        checkCublas(cublasSgemm(cublas, transposeA ? CUBLAS_OP_T : CUBLAS_OP_N, transposeB ? CUBLAS_OP_T : CUBLAS_OP_N,
                m, n, k, Pointer.to(new float[] {alpha}), allocation(a), lda, allocation(b), ldb,
                Pointer.to(new float[] {beta}), allocation(c), ldc), "cublasSgemm");
    }

    @Override
    public void synchronize() {
        bind();
        check(cuCtxSynchronize(), "cuCtxSynchronize");
    }

    @Override
    public MemoryInfo memoryInfo() {
        bind();
        long[] free = {0}, total = {0};
        check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return new MemoryInfo(free[0], total[0]);
    }

    /** Frees what is left and releases the primary context (other users of it keep theirs). Also undoes a failed {@link #open}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!retained) {
            return;
        }
        bind();
        try {
            if (cublas != null) {
                checkCublas(cublasDestroy(cublas), "cublasDestroy");
            }
            for (DevicePointer p : allocations.values()) {
                check(cuMemFree(p), "cuMemFree");
            }
            for (CUmodule m : modules) {
                check(cuModuleUnload(m), "cuModuleUnload");
            }
        } finally {
            allocations.clear();
            check(cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
        }
    }

    private CUdeviceptr allocation(long pointer) {
        DevicePointer p = allocations.get(pointer);
        if (p == null) {
            throw new IllegalArgumentException("not an allocation of this device: 0x" + Long.toHexString(pointer));
        }
        return p;
    }

    /** Makes the context current on the calling thread: driver calls act on the current context of their thread. */
    private void bind() {
        if (Thread.currentThread() != boundThread) {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            boundThread = Thread.currentThread();
        }
    }

    private static void check(int result, String call) {
        if (result != CUDA_SUCCESS) {
            throw new DeviceException(call + ": " + CUresult.stringFor(result));
        }
    }

    private static void checkCublas(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new DeviceException(call + ": " + cublasStatus.stringFor(status));
        }
    }
}
