package nndl4j.backend.cuda;

import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link CudaBackend} asks of the device seam, on a recording fake: which kernel each op launches, with which
 * grid and arguments, and how memory is owned. (The ops' results are checked on real devices by the parity tests.)
 */
class CudaBackendSeamTest {

    record Launch(String kernel, int gridX, int gridY, int blockX, int blockY, List<KernelArgs.Arg> args) {
    }

    /** Records launches; memory is only handles; copyToHost(double[]) returns 1, 2, 3, ... as per-block partials. */
    static final class RecordingDevice implements Device {
        final List<Launch> launches = new ArrayList<>();
        final Set<Long> live = new HashSet<>();
        final List<String> gemms = new ArrayList<>();
        Gemm vendor;
        long memoryLimit = Long.MAX_VALUE;
        long nextPointer = 0x1000;
        boolean closed;

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
            Arrays.setAll(destination, i -> i + 1);
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
        public void synchronize() {
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

    private static KernelArgs.Arg pointer(Matrix m) {
        return new KernelArgs.Arg(KernelArgs.Type.POINTER, ((CudaMatrix) m).pointer());
    }

    private static KernelArgs.Arg int32(int v) {
        return new KernelArgs.Arg(KernelArgs.Type.INT, Integer.toUnsignedLong(v));
    }

    private static KernelArgs.Arg float32(float v) {
        return new KernelArgs.Arg(KernelArgs.Type.FLOAT, Integer.toUnsignedLong(Float.floatToRawIntBits(v)));
    }

    private final RecordingDevice device = new RecordingDevice();
    private final CudaBackend backend = new CudaBackend("cuda-test", device);

    @Test
    void anElementwiseOpIsOneKernelOverItsEntries() {
        Matrix z = backend.allocate(3, 700), bias = backend.allocate(3, 1), a = backend.allocate(3, 700);
        backend.addBiasSigmoid(z, bias, a);
        assertEquals(List.of(new Launch("add_bias_sigmoid", 9, 1, 256, 1,
                List.of(pointer(z), pointer(bias), pointer(a), int32(3), int32(2100)))), device.launches);
    }

    @Test
    void largeOpsCapTheGridAndLoopInsideTheKernel() {
        Matrix p = backend.allocate(1000, 1000), g = backend.allocate(1000, 1000);
        backend.sgdUpdate(p, g, 0.999f, 0.05f);
        assertEquals(List.of(new Launch("sgd_update", CudaBackend.MAX_BLOCKS, 1, 256, 1,
                List.of(pointer(p), pointer(g), float32(0.999f), float32(0.05f), int32(1_000_000)))), device.launches);
    }

    @Test
    void gatherGetsThePermutationAndOffset() {
        Matrix src = backend.allocate(784, 100), dst = backend.allocate(784, 10);
        IntVector perm = backend.upload(new int[100]);
        backend.gatherColumns(src, perm, 30, backend.leadingColumns(dst, 7));
        assertEquals(List.of(new Launch("gather_columns", 22, 1, 256, 1, List.of(pointer(src),
                new KernelArgs.Arg(KernelArgs.Type.POINTER, ((CudaIntVector) perm).pointer()), int32(30), pointer(dst),
                int32(784), int32(784 * 7)))), device.launches);
    }

    @Test
    void rowSumsRunOneThreadPerRow() {
        Matrix m = backend.allocate(30, 10), sums = backend.allocate(30, 1);
        backend.rowSums(m, sums);
        assertEquals(List.of(new Launch("row_sums", 1, 1, 256, 1, List.of(pointer(m), pointer(sums), int32(30), int32(10)))),
                device.launches);
    }

    @Test
    void reductionsAddOnePartialPerBlockOnTheHost() {
        Matrix m = backend.allocate(10, 100); // 1000 entries: 4 blocks, partials 1 + 2 + 3 + 4
        assertEquals(10.0, backend.sumOfSquares(m));
        Launch launch = device.launches.get(0);
        assertEquals("sum_of_squares", launch.kernel());
        assertEquals(4, launch.gridX());
        assertEquals(List.of(pointer(m), int32(1000)), launch.args().subList(0, 2));
        assertEquals(KernelArgs.Type.POINTER, launch.args().get(2).type(), "the partial sums buffer comes last");
    }

    @Test
    void theArgmaxCountRunsOneThreadPerColumn() {
        Matrix a = backend.allocate(10, 300), y = backend.allocate(10, 300);
        assertEquals(3, backend.countArgmaxMatches(a, y)); // 2 blocks: 1 + 2
        Launch launch = device.launches.get(0);
        assertEquals("count_argmax_matches", launch.kernel());
        assertEquals(2, launch.gridX());
        assertEquals(List.of(pointer(a), pointer(y), int32(10), int32(300)), launch.args().subList(0, 4));
    }

    @Test
    void emptyMatricesLaunchNothing() {
        Matrix m = backend.leadingColumns(backend.allocate(10, 5), 0);
        backend.multiplySigmoidPrime(m, m);
        backend.gemm(false, false, 1f, m, backend.allocate(0, 0), 0f, m);
        assertEquals(0.0, backend.quadraticCostSum(m, m));
        assertEquals(List.of(), device.launches);
    }

    @Test
    void withoutAVendorGemmTheSgemmKernelRunsOneThreadPerEntryOfC() {
        Matrix w = backend.allocate(30, 784), x = backend.allocate(784, 10), z = backend.allocate(30, 10);
        backend.gemm(false, false, 1f, w, x, 0f, z);
        Matrix delta = backend.allocate(30, 10), previous = backend.allocate(784, 10);
        backend.gemm(true, false, 0.5f, w, delta, -1f, previous);
        assertEquals(List.of(
                new Launch("sgemm", 2, 1, 16, 16, List.of(int32(0), int32(0), int32(30), int32(10), int32(784),
                        float32(1f), pointer(w), int32(30), pointer(x), int32(784), float32(0f), pointer(z), int32(30))),
                new Launch("sgemm", 49, 1, 16, 16, List.of(int32(1), int32(0), int32(784), int32(10), int32(30),
                        float32(0.5f), pointer(w), int32(30), pointer(delta), int32(30), float32(-1f), pointer(previous),
                        int32(784)))), device.launches);
    }

    @Test
    void aVendorGemmGetsBlasArguments() {
        device.vendor = (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) -> device.gemms.add(
                ta + " " + tb + " " + m + " " + n + " " + k + " " + alpha + " " + lda + " " + ldb + " " + beta + " " + ldc);
        CudaBackend withBlas = new CudaBackend("cuda-test", device);
        Matrix delta = withBlas.allocate(10, 7), input = withBlas.allocate(30, 7), w = withBlas.allocate(10, 30);
        withBlas.gemm(false, true, -0.1f, delta, input, 0.99f, w);
        assertEquals(List.of("false true 10 30 7 -0.1 10 30 0.99 10"), device.gemms);
        assertEquals(List.of(), device.launches);
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
