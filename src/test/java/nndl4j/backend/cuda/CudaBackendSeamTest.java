package nndl4j.backend.cuda;

import nndl4j.backend.Activation;
import nndl4j.backend.BatchCursor;
import nndl4j.backend.RecordingUnavailableException;
import nndl4j.backend.Matrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link CudaBackend} decides itself, on a recording fake device: grid sizes, the host's sum of block partials,
 * empty launches, the GEMM fallback, out-of-memory reports, memory ownership, and that arguments land on the kernel
 * parameters of kernels/*.cu that mean them. (The ops' results are checked on real devices by the parity tests.)
 */
class CudaBackendSeamTest {

    record Launch(String kernel, int gridX, int gridY, int blockX, int blockY, List<KernelArgs.Arg> args) {
    }

    /** Records launches; memory is only handles; copyToHost(double[]) hands out {@code partials} from the front. */
    static final class RecordingDevice implements Device {
        final List<Launch> launches = new ArrayList<>();
        final Set<Long> live = new HashSet<>();
        final List<String> gemms = new ArrayList<>();
        Gemm vendor;
        long memoryLimit = Long.MAX_VALUE;
        long nextPointer = 0x1000;
        double[] partials = new double[CudaBackend.MAX_BLOCKS];
        int partialsRead;
        boolean closed;
        int synchronizations;
        /** What the next synchronize throws, as a GPU reports a fault of earlier work; null for none. */
        String failSynchronize;

        @Override
        public String description() {
            return "recording fake";
        }

        @Override
        public long allocate(long bytes) {
            if (bytes > memoryLimit) {
                throw new OutOfDeviceMemoryException("fakeAlloc(" + bytes + " bytes): out of memory");
            }
            long p = nextPointer;
            nextPointer += Math.max(bytes, 1) + 0x100;
            live.add(p);
            return p;
        }

        @Override
        public void free(long pointer) {
            assertTrue(live.remove(pointer), "freed once: " + pointer);
        }

        @Override
        public void copyToDevice(float[] source, long destination) {
        }

        @Override
        public void copyToDevice(int[] source, long destination) {
        }

        @Override
        public void copyToHost(long source, float[] destination) {
        }

        @Override
        public void copyToHost(long source, double[] destination) {
            System.arraycopy(partials, 0, destination, 0, destination.length);
            partialsRead = destination.length;
        }

        @Override
        public void launch(String kernel, int gridX, int gridY, int blockX, int blockY, KernelArgs args) {
            launches.add(new Launch(kernel, gridX, gridY, blockX, blockY, args.list()));
        }

        @Override
        public Optional<Gemm> vendorGemm() {
            return Optional.ofNullable(vendor);
        }

        @Override
        public void beginRecording() {
            throw new DeviceException("the recording fake does not record");
        }

        @Override
        public Graph endRecording() {
            throw new IllegalStateException("not recording");
        }

        @Override
        public void synchronize() {
            synchronizations++;
            if (failSynchronize != null) {
                throw new DeviceException(failSynchronize);
            }
        }

        @Override
        public MemoryInfo memoryInfo() {
            return new MemoryInfo(80L << 20, 1L << 30);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final RecordingDevice device = new RecordingDevice();
    private final CudaBackend backend = new CudaBackend("cuda-test", device);

    /** The launch's arguments by the parameter names of the kernel's definition in kernels/<name>.cu. */
    private static Map<String, KernelArgs.Arg> argumentsByParameter(Launch launch) {
        String source = Kernel.valueOf(launch.kernel().toUpperCase(Locale.ROOT)).source();
        Matcher signature = Pattern.compile("__global__ void " + launch.kernel() + "\\(([^)]*)\\)").matcher(source);
        assertTrue(signature.find(), "definition of " + launch.kernel());
        String[] parameters = signature.group(1).split(",");
        assertEquals(parameters.length, launch.args().size(), "one argument per parameter");
        Map<String, KernelArgs.Arg> named = new HashMap<>();
        for (int i = 0; i < parameters.length; i++) {
            String[] words = parameters[i].trim().split("[\\s*]+");
            named.put(words[words.length - 1], launch.args().get(i));
        }
        return named;
    }

    private static long pointer(Matrix m) {
        return ((CudaMatrix) m).pointer();
    }

    @Test
    void smallOpsLaunchABlockPer256ItemsAndLargeOnesCapTheGrid() {
        backend.sgdUpdate(backend.allocate(3, 700), backend.allocate(3, 700), 1f, 1f); // 2100 entries
        backend.sgdUpdate(backend.allocate(1000, 1000), backend.allocate(1000, 1000), 1f, 1f);
        backend.rowSums(backend.allocate(300, 1000), backend.allocate(300, 1)); // one thread per row
        backend.dropout(backend.allocate(4, 257), 0.5f, 1, 0, backend.allocateCursor()); // one thread per four entries: 257 threads
        backend.addBiasSoftmax(backend.allocate(10, 300), backend.allocate(10, 1), backend.allocate(10, 300)); // per column
        assertEquals(List.of(9, CudaBackend.MAX_BLOCKS, 2, 2, 2), device.launches.stream().map(Launch::gridX).toList());
        for (Launch l : device.launches) {
            assertEquals(List.of(1, CudaBackend.THREADS, 1), List.of(l.gridY(), l.blockX(), l.blockY()), l.kernel());
        }
    }

    @Test
    void reductionsAddTheirBlocksPartialsOnTheHostInBlockOrder() {
        // 1000 entries: 4 blocks. In block order (1e16 + 1) − 1e16 + 1 = 1 (the first +1 is lost to rounding);
        // backwards it would be 0. The fifth partial belongs to no block and must not be read.
        device.partials = new double[] {1e16, 1, -1e16, 1, 1000};
        assertEquals(1.0, backend.sumOfSquares(backend.allocate(10, 100)));
        assertEquals(4, device.partialsRead);
        assertEquals(4, device.launches.get(0).gridX());

        Matrix a = backend.allocate(10, 300), y = backend.allocate(10, 300); // one thread per column: 2 blocks
        device.partials = new double[] {3, 4, 1000};
        assertEquals(7, backend.countArgmaxMatches(a, y));
        assertEquals(7.0, backend.logLikelihoodCostSum(backend.allocate(100, 5), backend.allocate(100, 5))); // 2 blocks
    }

    @Test
    void reductionsGetTheScratchBufferForTheirPartialsLast() {
        backend.crossEntropyCostSum(backend.allocate(3, 3), backend.allocate(3, 3));
        KernelArgs.Arg partials = argumentsByParameter(device.launches.get(0)).get("partials");
        assertEquals(KernelArgs.Type.POINTER, partials.type());
        assertTrue(device.live.contains(partials.bits()), "the backend's own scratch memory");
    }

    @Test
    void checkedModeWaitsForEachLaunchNamesTheKernelThatFailedAndRecordsNothing() {
        System.setProperty("nndl4j.cuda.checked", "true");
        CudaBackend checked;
        try {
            checked = new CudaBackend("cuda-test", device);
        } finally {
            System.clearProperty("nndl4j.cuda.checked");
        }
        assertTrue(checked.description().contains("checked mode"), checked.description());
        Matrix m = checked.allocate(3, 700);
        checked.sgdUpdate(m, m, 1f, 1f);
        checked.rowSums(m, checked.allocate(3, 1));
        assertEquals(2, device.synchronizations, "one wait per launch");
        device.failSynchronize = "cuCtxSynchronize: CUDA_ERROR_ILLEGAL_ADDRESS";
        KernelFaultException e = assertThrows(KernelFaultException.class, () -> checked.difference(m, m, m));
        assertEquals("kernel difference failed (checked mode): cuCtxSynchronize: CUDA_ERROR_ILLEGAL_ADDRESS", e.getMessage());
        assertThrows(RecordingUnavailableException.class, () -> checked.record(() -> checked.sgdUpdate(m, m, 1f, 1f)));
    }

    @Test
    void emptyMatricesLaunchNothing() {
        Matrix m = backend.leadingColumns(backend.allocate(10, 5), 0), bias = backend.allocate(10, 1);
        Matrix noRows = backend.allocate(0, 5);
        backend.multiplyActivationDerivative(m, Activation.SIGMOID, m, m);
        backend.addBiasActivate(m, bias, Activation.TANH, m);
        backend.addBiasSoftmax(noRows, backend.allocate(0, 1), noRows); // 5 columns, but no entries
        backend.difference(m, m, m);
        backend.dropout(m, 0.5f, 1, 2, backend.allocateCursor());
        backend.gemm(false, false, 1f, backend.allocate(10, 0), backend.allocate(0, 0), 0f, m);
        assertEquals(0.0, backend.quadraticCostSum(m, m));
        assertEquals(0, backend.countArgmaxMatches(m, m));
        assertEquals(List.of(), device.launches);
    }

    @Test
    void withoutAVendorGemmTheOwnSgemmKernelCoversCIn64x64TilesOf16x16Threads() {
        Matrix w = backend.allocate(130, 784), x = backend.allocate(784, 65), z = backend.allocate(130, 65);
        backend.gemm(false, false, 1f, w, x, 0f, z);
        Launch launch = device.launches.get(0);
        assertEquals("sgemm", launch.kernel());
        assertEquals(List.of(3, 2, 16, 16), List.of(launch.gridX(), launch.gridY(), launch.blockX(), launch.blockY()));
        Map<String, KernelArgs.Arg> args = argumentsByParameter(launch);
        assertEquals(List.of(130L, 65L, 784L), List.of(args.get("m").bits(), args.get("n").bits(), args.get("k").bits()));
        assertEquals(pointer(z), args.get("c").bits());
    }

    @Test
    void aVendorGemmReplacesTheKernel() {
        device.vendor = (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) -> device.gemms.add(m + "x" + n + "x" + k);
        CudaBackend withBlas = new CudaBackend("cuda-test", device);
        withBlas.gemm(false, true, -0.1f, withBlas.allocate(10, 7), withBlas.allocate(30, 7), 0.99f, withBlas.allocate(10, 30));
        assertEquals(List.of("10x30x7"), device.gemms);
        assertEquals(List.of(), device.launches);
    }

    @Test
    void aMismatchedGemmReachesNeitherGemm() {
        assertThrows(IllegalArgumentException.class,
                () -> backend.gemm(false, false, 1f, backend.allocate(3, 4), backend.allocate(5, 2), 0f, backend.allocate(3, 2)));
        assertEquals(List.of(), device.launches);
    }

    @Test
    void theActivationsCodeReachesTheKernelsParameterF() {
        Matrix z = backend.allocate(5, 7), bias = backend.allocate(5, 1), a = backend.allocate(5, 7);
        for (Activation f : Activation.values()) {
            backend.addBiasActivate(z, bias, f, a);
            backend.multiplyActivationDerivative(a, f, z, a);
        }
        for (int i = 0; i < device.launches.size(); i++) {
            KernelArgs.Arg arg = argumentsByParameter(device.launches.get(i)).get("f");
            assertEquals(new KernelArgs.Arg(KernelArgs.Type.INT, Activation.values()[i / 2].code()), arg);
        }
    }

    @Test
    void dropoutsSeedReachesTheKernelAsLowAndHighHalvesAndItsStepThroughTheCursor() {
        long seed = 0x0123_4567_89AB_CDEFL;
        BatchCursor at = backend.allocateCursor();
        backend.dropout(backend.allocate(3, 3), 0.25f, seed, 6, at);
        Map<String, KernelArgs.Arg> args = argumentsByParameter(device.launches.get(0));
        // as the kernel uses them: 32-bit words, low first (Philox's key words)
        assertEquals(seed, args.get("seed_low").bits() | args.get("seed_high").bits() << 32);
        assertEquals(((CudaBatchCursor) at).pointer(), args.get("at").bits());
        assertEquals(6, args.get("layer").bits());
        assertEquals(9, args.get("n").bits());
        assertEquals(Float.floatToRawIntBits(0.25f), (int) args.get("keep").bits());
    }

    @Test
    void runningOutOfMemorySaysWhatWasAskedAndWhatIsFree() {
        device.memoryLimit = 100L << 20;
        OutOfDeviceMemoryException e = assertThrows(OutOfDeviceMemoryException.class, () -> backend.allocate(784, 50_000));
        assertEquals("out of GPU memory: a 784×50000 matrix needs 149.5 MiB, 80.0 MiB of 1.0 GiB free "
                + "(fakeAlloc(156800000 bytes): out of memory)", e.getMessage());
    }

    @Test
    void matricesOwnTheirMemoryAndViewsDoNot() {
        int before = device.live.size();
        Matrix m = backend.allocate(4, 4);
        backend.leadingColumns(m, 2).close();
        assertEquals(before + 1, device.live.size(), "closing a view frees nothing");
        m.close();
        m.close();
        assertEquals(before, device.live.size(), "closing twice frees once");
        assertThrows(IllegalStateException.class, () -> backend.download(m), "no use after close");

        backend.close();
        assertEquals(Set.of(), device.live, "the backend frees its scratch memory");
        assertTrue(device.closed);
    }
}
