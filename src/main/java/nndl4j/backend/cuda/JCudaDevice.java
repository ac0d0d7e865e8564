package nndl4j.backend.cuda;

import jcuda.JCudaVersion;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUresult.CUDA_ERROR_ASSERT;
import static jcuda.driver.CUresult.CUDA_ERROR_ECC_UNCORRECTABLE;
import static jcuda.driver.CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR;
import static jcuda.driver.CUresult.CUDA_ERROR_ILLEGAL_ADDRESS;
import static jcuda.driver.CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION;
import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_ADDRESS_SPACE;
import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_PC;
import static jcuda.driver.CUresult.CUDA_ERROR_LAUNCH_FAILED;
import static jcuda.driver.CUresult.CUDA_ERROR_LAUNCH_TIMEOUT;
import static jcuda.driver.CUresult.CUDA_ERROR_MISALIGNED_ADDRESS;
import static jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY;
import static jcuda.driver.CUresult.CUDA_SUCCESS;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL;
import static jcuda.driver.CUstream_flags.CU_STREAM_DEFAULT;
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
import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;
import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasGetVersion;
import static jcuda.jcublas.JCublas2.cublasSetStream;
import static jcuda.jcublas.JCublas2.cublasSetWorkspace;
import static jcuda.jcublas.JCublas2.cublasSgemm;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

/**
 * The device seam over JCuda: device 0 through the CUDA driver API, in its primary context (the one cuBLAS
 * uses too); GEMMs through cuBLAS (JCublas2) where it loads. Kernels and GEMMs run on a stream of the device's own,
 * which a recording captures into a CUDA graph; it is a blocking stream, so the synchronous copies (on the legacy
 * default stream) stay ordered with it and every call sees the effects of the ones before it. Every status is
 * checked: a failure throws {@link DeviceException} naming the call and the error, and after an error that loses
 * the context (an illegal address, a trap, ...) every later call throws naming that first error.
 *
 * <p>Thread-safe: every method holds the device while it runs, and makes the context current on the calling thread.
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
        /** Chosen (and loaded where needed) before JCublas2's natives: a real libcublas.so.12 or the forwarder. */
        static final CublasLibrary LIBRARY = CublasLibrary.prepare();
        static final String FAILURE = LIBRARY.whyNotLoaded(NativeLoadFailure.of(() -> JCublas2.setExceptionsEnabled(false)));
    }

    /** A CUdeviceptr that tells its address (JCuda keeps it protected), which is the handle the seam hands out. */
    private static final class DevicePointer extends CUdeviceptr {
        long address() {
            return getNativePointer();
        }
    }

    /** Errors after which the context is unusable: every later call fails (CUDA's "sticky" errors). */
    private static final Set<Integer> CONTEXT_LOST = Set.of(CUDA_ERROR_ILLEGAL_ADDRESS, CUDA_ERROR_LAUNCH_FAILED,
            CUDA_ERROR_MISALIGNED_ADDRESS, CUDA_ERROR_INVALID_ADDRESS_SPACE, CUDA_ERROR_INVALID_PC,
            CUDA_ERROR_HARDWARE_STACK_ERROR, CUDA_ERROR_ILLEGAL_INSTRUCTION, CUDA_ERROR_ASSERT,
            CUDA_ERROR_LAUNCH_TIMEOUT, CUDA_ERROR_ECC_UNCORRECTABLE);
    /** cuBLAS's workspace, set explicitly so that a captured GEMM does not allocate (the size NVIDIA advises for Hopper). */
    private static final long CUBLAS_WORKSPACE_BYTES = 32L << 20;

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private boolean streamCreated;
    private boolean recording;
    /** The first error that lost the context, after which every call throws; null before. */
    private String lostTo;
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
        checkDriver(cuInit(0), "cuInit");
        int[] count = {0};
        checkDriver(cuDeviceGetCount(count), "cuDeviceGetCount");
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

        check(cuStreamCreate(stream, CU_STREAM_DEFAULT), "cuStreamCreate");
        streamCreated = true;
        String gemm = startCublas();
        if (cublas != null) {
            checkCublas(cublasSetStream(cublas, new cudaStream_t(stream)), "cublasSetStream");
            checkCublas(cublasSetWorkspace(cublas, allocation(allocate(CUBLAS_WORKSPACE_BYTES)), CUBLAS_WORKSPACE_BYTES),
                    "cublasSetWorkspace");
        }
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
            return "own sgemm kernel (cuBLAS unavailable: cublasCreate: " + cublasStatus.stringFor(created) + ", cuBLAS " + CublasNatives.LIBRARY + ")";
        }
        cublas = handle;
        int[] version = {0};
        checkCublas(cublasGetVersion(handle, version), "cublasGetVersion");
        return "cuBLAS " + version[0] / 10000 + "." + version[0] % 10000 / 100 + "." + version[0] % 100 + " " + CublasNatives.LIBRARY;
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
    public synchronized String description() {
        return description;
    }

    @Override
    public synchronized long allocate(long bytes) {
        usable("cuMemAlloc");
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
    public synchronized void free(long pointer) {
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
    public synchronized void copyToDevice(float[] source, long destination) {
        copyToDevice(Pointer.to(source), (long) source.length * Float.BYTES, destination);
    }

    @Override
    public synchronized void copyToDevice(int[] source, long destination) {
        copyToDevice(Pointer.to(source), (long) source.length * Integer.BYTES, destination);
    }

    private void copyToDevice(Pointer source, long bytes, long destination) {
        if (bytes > 0) {
            usable("cuMemcpyHtoD");
            check(cuMemcpyHtoD(allocation(destination), source, bytes), "cuMemcpyHtoD");
        }
    }

    @Override
    public synchronized void copyToHost(long source, float[] destination) {
        copyToHost(source, Pointer.to(destination), (long) destination.length * Float.BYTES);
    }

    @Override
    public synchronized void copyToHost(long source, double[] destination) {
        copyToHost(source, Pointer.to(destination), (long) destination.length * Double.BYTES);
    }

    private void copyToHost(long source, Pointer destination, long bytes) {
        if (bytes > 0) {
            usable("cuMemcpyDtoH");
            check(cuMemcpyDtoH(destination, allocation(source), bytes), "cuMemcpyDtoH");
        }
    }

    @Override
    public synchronized void launch(String kernel, int gridX, int gridY, int blockX, int blockY, KernelArgs args) {
        CUfunction function = functions.get(kernel);
        if (function == null) {
            throw new IllegalArgumentException("no kernel named " + kernel);
        }
        bind();
        checkUsable();
        check(cuLaunchKernel(function, gridX, gridY, 1, blockX, blockY, 1, 0, stream, kernelParams(args), null),
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

    private synchronized void cublasGemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                                         long a, int lda, long b, int ldb, float beta, long c, int ldc) {
        bind();
        checkUsable();
        checkCublas(cublasSgemm(cublas, transposeA ? CUBLAS_OP_T : CUBLAS_OP_N, transposeB ? CUBLAS_OP_T : CUBLAS_OP_N,
                m, n, k, Pointer.to(new float[] {alpha}), allocation(a), lda, allocation(b), ldb,
                Pointer.to(new float[] {beta}), allocation(c), ldc), "cublasSgemm");
    }

    @Override
    public synchronized void beginRecording() {
        usable("cuStreamBeginCapture");
        check(cuStreamBeginCapture(stream, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture");
        recording = true;
    }

    @Override
    public synchronized Graph endRecording() {
        if (!recording) {
            throw new IllegalStateException("endRecording without beginRecording");
        }
        bind();
        recording = false;
        CUgraph graph = new CUgraph();
        check(cuStreamEndCapture(stream, graph), "cuStreamEndCapture");
        CUgraphExec exec = new CUgraphExec();
        try {
            check(cuGraphInstantiate(exec, graph, 0), "cuGraphInstantiate");
        } finally {
            check(cuGraphDestroy(graph), "cuGraphDestroy"); // the instantiated graph does not need it
        }
        return new Graph() {
            private boolean destroyed;

            @Override
            public void launch() {
                synchronized (JCudaDevice.this) {
                    usable("cuGraphLaunch");
                    check(cuGraphLaunch(exec, stream), "cuGraphLaunch");
                }
            }

            @Override
            public void close() {
                synchronized (JCudaDevice.this) {
                    if (!destroyed && !closed) {
                        destroyed = true;
                        bind();
                        check(cuGraphExecDestroy(exec), "cuGraphExecDestroy");
                    }
                }
            }
        };
    }

    @Override
    public synchronized void synchronize() {
        usable("cuCtxSynchronize");
        check(cuCtxSynchronize(), "cuCtxSynchronize");
    }

    @Override
    public synchronized MemoryInfo memoryInfo() {
        bind();
        long[] free = {0}, total = {0};
        check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return new MemoryInfo(free[0], total[0]);
    }

    /** Frees what is left and releases the primary context (other users of it keep theirs). Also undoes a failed {@link #open}. */
    @Override
    public synchronized void close() {
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
            if (streamCreated) {
                check(cuStreamDestroy(stream), "cuStreamDestroy");
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

    /** For a call that is not a launch or GEMM: the context current, not lost, and not recording. */
    private void usable(String call) {
        bind();
        checkUsable();
        if (recording) {
            throw new IllegalStateException(call + " while recording: only launches and GEMMs can be recorded");
        }
    }

    private void checkUsable() {
        if (lostTo != null) {
            throw new KernelFaultException("the CUDA context is unusable after an earlier error: " + lostTo);
        }
    }

    /** Throws for a failed call; an error that loses the context is remembered, and refuses all later work. */
    private void check(int result, String call) {
        if (result == CUDA_SUCCESS) {
            return;
        }
        String error = call + ": " + CUresult.stringFor(result);
        if (CONTEXT_LOST.contains(result)) {
            if (lostTo == null) {
                lostTo = error;
            }
            throw new KernelFaultException(error + " (a kernel faulted; it may be an earlier one than this call: "
                    + "run with NNDL4J_CUDA_SYNC=1 to find it)");
        }
        throw new DeviceException(error);
    }

    /** For the calls before a device exists. */
    private static void checkDriver(int result, String call) {
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
