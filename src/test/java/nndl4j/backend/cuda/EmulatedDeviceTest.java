package nndl4j.backend.cuda;

import nndl4j.backend.Backend;
import nndl4j.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA emulator of {@code native/} itself: that it runs blocks and barriers as a GPU does, and that it catches
 * what a GPU would let pass silently (writes out of bounds, divergent barriers, foreign pointers, arguments of the
 * wrong type). Uses the emulator's own test kernels ({@code native/selftest_kernels.cu}) and some of
 * {@code kernels/}. Skipped, with the reason, where the build could not make the library.
 */
class EmulatedDeviceTest {
    private static final int THREADS = CudaBackend.THREADS;

    private EmulatedDevice device;

    @BeforeEach
    void open() {
        Backends.Availability a = Backends.probe("cuda-emulated");
        assumeTrue(a.available(), () -> "backend cuda-emulated unavailable here: " + a.detail());
        device = EmulatedDevice.open(true);
    }

    @AfterEach
    void close() {
        if (device != null) {
            device.close();
        }
    }

    private long floats(float... values) {
        long p = device.allocate((long) values.length * Float.BYTES);
        device.copyToDevice(values, p);
        return p;
    }

    /** Ints read back through their float bits (the seam copies floats and doubles to the host). */
    private int[] ints(long pointer, int n) {
        float[] raw = new float[n];
        device.copyToHost(pointer, raw);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Float.floatToRawIntBits(raw[i]);
        }
        return out;
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    // ---- the backend ----

    @Test
    void isListedButNeverChosenByAuto() {
        assertTrue(Backends.names().contains("cuda-emulated"));
        try (Backend auto = Backends.open("auto", notice -> {
        })) {
            assertNotEquals("cuda-emulated", auto.name());
        }
        Backends.Availability a = Backends.probe("cuda-emulated");
        assertTrue(a.detail().startsWith("CUDA emulator on the host CPU, not a GPU: " + Kernel.values().length + " kernels"), a.detail());
        assertFalse(a.detail().contains("\n"), a.detail());
        assertTrue(EmulatedDevice.kernels().containsAll(java.util.Arrays.stream(Kernel.values()).map(Kernel::entry).toList()));
    }

    @Test
    void withoutVendorGemmTheBackendLaunchesItsOwnSgemmKernel() {
        try (EmulatedDevice own = EmulatedDevice.open(false)) {
            assertTrue(own.vendorGemm().isEmpty());
            assertTrue(own.description().contains("GEMM: own sgemm kernel"), own.description());
        }
        assertTrue(device.vendorGemm().isPresent());
        assertTrue(device.description().contains("GEMM: reference SGEMM"), device.description());
    }

    // ---- running blocks and threads as a GPU does ----

    @Test
    void eachBlockHasItsOwnSharedMemoryAndBarriersWaitForAllItsThreads() {
        int[][] shapes = {{1024, 1, 256, 1}, {37, 3, 16, 16}, {5, 1, 1024, 1}, {3, 1, 1, 1}, {700, 1, 33, 1}};
        for (int[] s : shapes) {
            int blocks = s[0] * s[1], threads = s[2] * s[3];
            long out = device.allocate((long) blocks * threads * Integer.BYTES);
            device.launch("emulator_test_neighbour_through_shared", s[0], s[1], s[2], s[3], KernelArgs.of().pointer(out));
            int[] got = ints(out, blocks * threads);
            for (int b = 0; b < blocks; b++) {
                for (int t = 0; t < threads; t++) {
                    assertEquals(1000 * b + (t + 1) % threads, got[b * threads + t],
                            "grid " + s[0] + "x" + s[1] + ", block " + s[2] + "x" + s[3] + ": block " + b + " thread " + t);
                }
            }
            device.free(out);
        }
    }

    @Test
    void blockSumAddsTheThreadsOfEachBlockAsATree() {
        // sum_of_squares over 3 blocks of 256 threads, 1000 entries (ragged): each block's partial is block_sum's
        // tree of its threads' grid-stride sums, bit for bit.
        int n = 1000, blocks = 3;
        float[] m = new float[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            m[i] = r.nextFloat() * 2 - 1;
        }
        long pm = floats(m), partials = device.allocate(blocks * Double.BYTES);
        device.launch("sum_of_squares", blocks, 1, THREADS, 1, KernelArgs.of().pointer(pm).int32(n).pointer(partials));
        double[] got = new double[blocks];
        device.copyToHost(partials, got);
        for (int b = 0; b < blocks; b++) {
            double[] value = new double[THREADS];
            for (int t = 0; t < THREADS; t++) {
                for (int i = b * THREADS + t; i < n; i += THREADS * blocks) {
                    value[t] += (double) m[i] * m[i];
                }
            }
            for (int half = THREADS / 2; half > 0; half /= 2) {
                for (int t = 0; t < half; t++) {
                    value[t] += value[t + half];
                }
            }
            assertEquals(value[0], got[b], 0.0, "partial of block " + b);
        }
    }

    @Test
    void atomicsAreAtomicAcrossBlocksRunningInParallel() {
        long count = device.allocate(Integer.BYTES), sum = device.allocate(Double.BYTES);
        device.launch("emulator_test_atomics", 512, 2, 256, 1, KernelArgs.of().pointer(count).pointer(sum));
        assertEquals(512 * 2 * 256, ints(count, 1)[0]);
        double[] s = new double[1];
        device.copyToHost(sum, s);
        assertEquals(0.5 * 512 * 2 * 256, s[0], 0.0);
    }

    // ---- recording ----

    @Test
    void aRecordingRunsNothingUntilItsGraphIsLaunchedAndThenRunsItAgainEachTime() {
        long sums = floats(new float[2]), m = floats(new float[] {1, 2, 3, 4});
        long params = floats(new float[] {1, 1, 1, 1}), gradient = floats(new float[] {1, 1, 1, 1});
        device.beginRecording();
        device.launch("row_sums", 1, 1, THREADS, 1, KernelArgs.of().pointer(m).pointer(sums).int32(2).int32(2));
        device.launch("sgd_update", 1, 1, THREADS, 1,
                KernelArgs.of().pointer(params).pointer(gradient).float32(1f).float32(0.5f).int32(4));
        assertThrows(IllegalStateException.class, () -> device.copyToHost(sums, new float[2]),
                "a copy would end a CUDA stream capture");
        assertThrows(IllegalStateException.class, () -> device.allocate(4));
        Device.Graph graph = device.endRecording();
        float[] got = new float[4];
        device.copyToHost(params, got);
        assertArrayEquals(new float[] {1, 1, 1, 1}, got, "recording ran nothing");
        for (int launch = 1; launch <= 3; launch++) {
            graph.launch();
            device.copyToHost(params, got);
            float want = 1 - 0.5f * launch;
            assertArrayEquals(new float[] {want, want, want, want}, got, "each launch runs the recorded work once");
        }
        float[] s = new float[2];
        device.copyToHost(sums, s);
        assertArrayEquals(new float[] {4, 6}, s);
        graph.close();
    }

    // ---- what a GPU would let pass ----

    @Test
    void aWritePastTheEndOfAnAllocationFailsNamingTheKernel() {
        long out = device.allocate(1000 * Float.BYTES);
        DeviceException e = assertThrows(DeviceException.class, () -> device.launch("emulator_test_write_one_past",
                4, 1, THREADS, 1, KernelArgs.of().pointer(out).int32(1000)));
        assertMentions(e, "kernel emulator_test_write_one_past wrote outside device memory", "4000 bytes",
                "4 guard byte(s) after the end changed", "float index 1000");
        assertInstanceOf(KernelFaultException.class, e);
        refusesWorkAfter("kernel emulator_test_write_one_past wrote outside device memory");
        device.free(out); // memory can still be freed, and the device closed
    }

    /** As a GPU after a sticky error: every later call but free and close fails, naming the first fault. */
    private void refusesWorkAfter(String firstFault) {
        List<Executable> calls = List.of(() -> device.allocate(4), () -> device.synchronize(), () -> device.beginRecording(),
                () -> device.launch("emulator_test_neighbour_through_shared", 1, 1, THREADS, 1, KernelArgs.of().pointer(0)));
        for (Executable call : calls) {
            assertMentions(assertThrows(DeviceException.class, call), "unusable after an earlier kernel fault", firstFault);
        }
    }

    @Test
    void aKernelOfKernelsGivenTooLargeACountFailsAtTheLaunch() {
        long a = floats(new float[300]), y = floats(new float[300]), delta = device.allocate(299 * Float.BYTES);
        DeviceException e = assertThrows(DeviceException.class, () -> device.launch("difference", 2, 1, THREADS, 1,
                KernelArgs.of().pointer(a).pointer(y).pointer(delta).int32(300)));
        assertMentions(e, "kernel difference wrote outside device memory", "1196 bytes");
    }

    @Test
    void threadsThatReturnWhileOthersWaitAtABarrierAreAnError() {
        long out = device.allocate(THREADS * Integer.BYTES);
        DeviceException e = assertThrows(DeviceException.class, () -> device.launch("emulator_test_divergent_barrier",
                1, 1, THREADS, 1, KernelArgs.of().pointer(out)));
        assertMentions(e, "kernel emulator_test_divergent_barrier: block (0,0): 128 of 256 threads returned while 128 wait at __syncthreads() (selftest_kernels.cu:");
        refusesWorkAfter("emulator_test_divergent_barrier");
    }

    @Test
    void threadsWaitingAtDifferentBarriersAreAnError() {
        long out = device.allocate(64 * Integer.BYTES);
        DeviceException e = assertThrows(DeviceException.class, () -> device.launch("emulator_test_two_barriers",
                1, 1, 64, 1, KernelArgs.of().pointer(out)));
        assertMentions(e, "thread (0,0) waits at __syncthreads() (selftest_kernels.cu:", "but thread (1,0) at another one");
    }

    @Test
    void aTrapNamesTheBlockAndThread() {
        long out = device.allocate(4 * 32 * Integer.BYTES);
        DeviceException e = assertThrows(DeviceException.class, () -> device.launch("emulator_test_trap",
                4, 1, 32, 1, KernelArgs.of().pointer(out)));
        assertMentions(e, "kernel emulator_test_trap: block (1,0), thread (3,0): __trap() at ");
    }

    @Test
    void aFloat4LoadMustBeAlignedAndInsideAnAllocation() {
        long in = device.allocate(8 * Float.BYTES), out = device.allocate(4 * Float.BYTES);
        device.copyToDevice(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, in);
        device.launch("emulator_test_float4_load", 1, 1, 1, 1, KernelArgs.of().pointer(in + 4 * Float.BYTES).pointer(out));
        float[] got = new float[4];
        device.copyToHost(out, got);
        assertArrayEquals(new float[] {5, 6, 7, 8}, got);
        DeviceException e = assertThrows(DeviceException.class, () -> device.launch("emulator_test_float4_load",
                1, 1, 1, 1, KernelArgs.of().pointer(in + Float.BYTES).pointer(out)));
        assertMentions(e, "kernel emulator_test_float4_load: block (0,0), thread (0,0): misaligned address");
        device.close();
        device = EmulatedDevice.open(true); // a fault leaves a device unusable
        long six = device.allocate(6 * Float.BYTES), out2 = device.allocate(4 * Float.BYTES); // floats 4 .. 7: aligned, but half past the end
        e = assertThrows(DeviceException.class, () -> device.launch("emulator_test_float4_load",
                1, 1, 1, 1, KernelArgs.of().pointer(six + 4 * Float.BYTES).pointer(out2)));
        assertMentions(e, "kernel emulator_test_float4_load: block (0,0), thread (0,0): load outside device memory");
    }

    @Test
    void aFaultInAKernelFailsTheLaunchNamingKernelBlockAndThread() {
        for (int offset : new int[] {1 << 20, -(1 << 20), Integer.MAX_VALUE}) { // 16 GiB away; the last not even canonical
            device.close();
            device = EmulatedDevice.open(true); // a fault leaves a device unusable
            long out = device.allocate(64 * Float.BYTES);
            DeviceException e = assertThrows(DeviceException.class, () -> device.launch("emulator_test_wild_write",
                    2, 1, 64, 1, KernelArgs.of().pointer(out).int32(offset)));
            assertMentions(e, "kernel emulator_test_wild_write: block (0,0), thread (5,0): invalid memory access (SIGSEGV) at ");
        }
        refusesWorkAfter("emulator_test_wild_write");
        device.close();
        device = EmulatedDevice.open(true);
        // The JVM's own faults still reach the JVM: implicit null checks of compiled code throw as before.
        int caught = 0;
        for (int i = 0; i < 200_000; i++) {
            try {
                caught += lengthOf(i % 1000 == 0 ? null : "x") - 1;
            } catch (NullPointerException expected) {
                caught++;
            }
        }
        assertEquals(200, caught);
        device.launch("emulator_test_neighbour_through_shared", 2, 1, THREADS, 1, KernelArgs.of().pointer(device.allocate(2 * THREADS * 4)));
    }

    private static int lengthOf(String s) {
        return s.length();
    }

    @Test
    void argumentsAreCheckedAgainstTheKernelsParameters() {
        long p = floats(1, 2, 3), g = floats(1, 1, 1);
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> device.launch("sgd_update", 1, 1, 32, 1,
                KernelArgs.of().pointer(p).pointer(g).int32(1).float32(0.5f).int32(3)));
        assertMentions(type, "kernel sgd_update: argument 3 is INT but the parameter is float");
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> device.launch("sgd_update", 1, 1, 32, 1,
                KernelArgs.of().pointer(p).pointer(g).float32(1).float32(0.5f)));
        assertMentions(count, "kernel sgd_update takes 5 arguments, the launch passed 4");
        device.free(g);
        IllegalArgumentException freed = assertThrows(IllegalArgumentException.class, () -> device.launch("sgd_update", 1, 1, 32, 1,
                KernelArgs.of().pointer(p).pointer(g).float32(1).float32(0.5f).int32(3)));
        assertMentions(freed, "kernel sgd_update: argument 2 is 0x", "which is not device memory");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> device.launch("no_such_kernel", 1, 1, 1, 1, KernelArgs.of())),
                "no kernel named no_such_kernel");
        assertMentions(assertThrows(DeviceException.class, () -> device.launch("sgd_update", 1, 65536, 32, 1,
                KernelArgs.of().pointer(p).pointer(p).float32(1).float32(0.5f).int32(3))), "invalid launch configuration");
        assertMentions(assertThrows(DeviceException.class, () -> device.launch("sgd_update", 1, 1, 2048, 1,
                KernelArgs.of().pointer(p).pointer(p).float32(1).float32(0.5f).int32(3))), "at most 1024 threads per block");
    }

    // ---- memory ----

    @Test
    void memoryIsZeroFilledCopiedAndBoundsChecked() {
        Device.MemoryInfo before = device.memoryInfo();
        long p = device.allocate(16 * Float.BYTES);
        assertEquals(before.free() - 16 * Float.BYTES, device.memoryInfo().free());
        float[] back = new float[16];
        device.copyToHost(p, back);
        assertArrayEquals(new float[16], back);
        float[] values = new float[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        device.copyToDevice(values, p);
        device.copyToHost(p, back);
        assertArrayEquals(values, back);
        assertMentions(assertThrows(DeviceException.class, () -> device.copyToDevice(new float[17], p)),
                "copyToDevice: 68 bytes overrun allocation", "of 64 bytes");
        assertMentions(assertThrows(DeviceException.class, () -> device.copyToHost(p, new double[9])),
                "copyToHost: 72 bytes overrun");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> device.copyToHost(p + 4, new float[1])),
                "copyToHost: not an allocation of this device");
        device.free(p);
        assertEquals(before.free(), device.memoryInfo().free());
        assertMentions(assertThrows(IllegalArgumentException.class, () -> device.free(p)), "free: not an allocation of this device");
        assertThrows(OutOfDeviceMemoryException.class, () -> device.allocate(device.memoryInfo().total() + 1));
    }

    @Test
    void theReferenceGemmChecksItsArgumentsAsCublasDoes() {
        Device.Gemm gemm = device.vendorGemm().orElseThrow();
        long a = device.allocate(6 * Float.BYTES), b = device.allocate(6 * Float.BYTES), c = device.allocate(4 * Float.BYTES);
        assertMentions(assertThrows(DeviceException.class, () -> gemm.sgemm(false, false, 2, 2, 3, 1, a, 1, b, 3, 0, c, 2)),
                "sgemm: invalid value");
        assertMentions(assertThrows(DeviceException.class, () -> gemm.sgemm(false, false, 2, 2, 4, 1, a, 2, b, 4, 0, c, 2)),
                "sgemm (A): 32 bytes overrun");
        // beta = 0 ignores C, even NaN in it
        device.copyToDevice(new float[] {1, 2, 3, 4, 5, 6}, a);
        device.copyToDevice(new float[] {1, 0, 0, 0, 1, 0}, b);
        device.copyToDevice(new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN}, c);
        gemm.sgemm(false, false, 2, 2, 3, 2, a, 2, b, 3, 0, c, 2);
        float[] got = new float[4];
        device.copyToHost(c, got);
        assertArrayEquals(new float[] {2, 4, 6, 8}, got);
    }

    @Test
    void aClosedDeviceRefusesWorkButIgnoresFrees() {
        long p = device.allocate(8);
        device.close();
        device.free(p); // as JCudaDevice: the memory went with the device
        assertThrows(IllegalStateException.class, () -> device.allocate(8));
        device.close();
        device = null;
    }
}
