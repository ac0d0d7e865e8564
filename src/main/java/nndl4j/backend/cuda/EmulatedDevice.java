package nndl4j.backend.cuda;

import nndl4j.backend.BackendUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link Device} seam over the CUDA emulator of {@code native/}: the same {@code kernels/*.cu}, built with the
 * host C++ compiler, run on the CPU (backend {@code cuda-emulated}). It lets the CUDA backend's own code and
 * kernels run in CI, where there is no GPU: every block's threads run as fibers so that {@code __shared__} memory
 * and {@code __syncthreads} behave as on a GPU, allocations carry guard bytes checked after every launch, and the
 * vendor GEMM is a reference SGEMM with cuBLAS's conventions. See docs/CUDA.md, "The emulator".
 *
 * <p>The library is built by Maven ({@code native/build-emulator.sh}) into
 * {@code nndl4j/native/<os>-<arch>/} on the classpath and loaded from there, through a temporary file when it lies
 * in a jar. Where the build had no cmake or C++ compiler, {@link #open} throws {@link BackendUnavailableException}
 * with the reason the build recorded.
 *
 * <p>Recording keeps the launches and GEMMs in a list that a graph runs again; any other call while recording
 * throws, as it would break a CUDA stream capture. After a {@link KernelFaultException} every call but
 * {@link #free} and {@link #close} throws, naming the fault, as a GPU context is lost after one.
 *
 * <p>System properties: {@code nndl4j.emulator.threads} (OS threads that run blocks, default: the cores, at most
 * 16; read when the first device opens) and {@code nndl4j.emulator.memory} (bytes of emulated device memory,
 * default: the host's physical memory).
 */
final class EmulatedDevice implements Device {
    /** Must equal ABI in native/jni.cpp: a library built from other sources is refused. */
    static final int ABI = 1;
    static final String LIBRARY = "nndl4j_emulator";
    /** The file native/build-emulator.sh writes beside the library's place when it could not build it. */
    static final String NOT_BUILT = "NOT-BUILT.txt";

    /** Why the library did not load, or null. Loaded once: a JVM loads a native library at most once. */
    private static final String LOAD_FAILURE = load();

    private final boolean withVendorGemm;
    private long handle;
    /** The launches and GEMMs recorded since {@link #beginRecording}; null when not recording. */
    private List<Runnable> recording;
    /** The message of the first kernel fault, after which the device refuses work; null before. */
    private String lostTo;

    private EmulatedDevice(boolean withVendorGemm) {
        this.withVendorGemm = withVendorGemm;
        this.handle = create(withVendorGemm, Long.getLong("nndl4j.emulator.memory", 0L),
                Integer.getInteger("nndl4j.emulator.threads", 0));
    }

    /**
     * A new emulated device. With {@code withVendorGemm} false it has no vendor GEMM, so {@link CudaBackend} runs its
     * own {@code sgemm} kernel on it. Throws {@link BackendUnavailableException} where the library is missing.
     */
    public static EmulatedDevice open(boolean withVendorGemm) {
        if (LOAD_FAILURE != null) {
            throw new BackendUnavailableException(LOAD_FAILURE);
        }
        return new EmulatedDevice(withVendorGemm);
    }

    /** The directory of the library on the classpath, e.g. {@code linux-x86_64}: the names JavaCPP uses. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        os = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx" : os.startsWith("windows") ? "windows" : os;
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return os + "-" + arch;
    }

    private static String load() {
        String dir = "/nndl4j/native/" + platform() + "/";
        URL url = EmulatedDevice.class.getResource(dir + System.mapLibraryName(LIBRARY));
        if (url == null) {
            return "native emulator not built: " + notBuiltReason(dir + NOT_BUILT);
        }
        try {
            System.load(localFile(url).toString());
        } catch (IOException | URISyntaxException | UnsatisfiedLinkError | SecurityException e) {
            return "native emulator does not load: " + NativeLoadFailure.reason(e);
        }
        try {
            if (abi() != ABI) {
                return "native emulator is stale (ABI " + abi() + ", expected " + ABI + "): rebuild it with mvn compile";
            }
        } catch (UnsatisfiedLinkError e) {
            return "native emulator is stale (" + NativeLoadFailure.reason(e) + "): rebuild it with mvn compile";
        }
        Set<String> missing = new TreeSet<>();
        Set<String> built = Set.of(kernelNames());
        for (Kernel k : Kernel.values()) {
            if (!built.contains(k.entry())) {
                missing.add(k.entry());
            }
        }
        if (!missing.isEmpty()) {
            return "native emulator is stale: it lacks kernel(s) " + String.join(", ", missing) + "; rebuild it with mvn compile";
        }
        return null;
    }

    /** The reason the build recorded, or the usual one where it recorded none (e.g. no build script ran: Windows). */
    private static String notBuiltReason(String resource) {
        try (InputStream in = EmulatedDevice.class.getResourceAsStream(resource)) {
            if (in != null) {
                String reason = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!reason.isEmpty() && !reason.contains("\n")) {
                    return reason;
                }
            }
        } catch (IOException e) {
            // fall through to the usual reason
        }
        return "no C++ compiler or cmake at build time (" + platform() + ")";
    }

    /**
     * A native library on the classpath as a file: itself from target/classes, else a temporary copy of the one in
     * the jar (also used for {@link CublasLibrary}'s forwarder).
     */
    static Path localFile(URL url) throws IOException, URISyntaxException {
        if (url.getProtocol().equals("file")) {
            return Path.of(url.toURI());
        }
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        Path copy = Files.createTempFile(name.substring(0, dot) + "-", name.substring(dot));
        copy.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    /** The kernels the library can launch: those of kernels/ and the emulator's own test kernels. */
    public static List<String> kernels() {
        if (LOAD_FAILURE != null) {
            throw new BackendUnavailableException(LOAD_FAILURE);
        }
        return Arrays.asList(kernelNames());
    }

    // ---- Device ----

    @Override
    public synchronized String description() {
        return description(open());
    }

    @Override
    public synchronized long allocate(long bytes) {
        return allocate(usable("allocate"), bytes);
    }

    @Override
    public synchronized void free(long pointer) {
        if (handle != 0) {
            free(handle, pointer);
        }
    }

    @Override
    public synchronized void copyToDevice(float[] source, long destination) {
        copyFloatsToDevice(usable("copyToDevice"), source, destination);
    }

    @Override
    public synchronized void copyToDevice(int[] source, long destination) {
        copyIntsToDevice(usable("copyToDevice"), source, destination);
    }

    @Override
    public synchronized void copyToHost(long source, float[] destination) {
        copyFloatsToHost(usable("copyToHost"), source, destination);
    }

    @Override
    public synchronized void copyToHost(long source, double[] destination) {
        copyDoublesToHost(usable("copyToHost"), source, destination);
    }

    @Override
    public synchronized void launch(String kernel, int gridX, int gridY, int blockX, int blockY, KernelArgs args) {
        List<KernelArgs.Arg> list = args.list();
        int[] types = new int[list.size()];
        long[] bits = new long[list.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = list.get(i).type().ordinal();
            bits[i] = list.get(i).bits();
        }
        run(() -> launch(usable(), kernel, gridX, gridY, blockX, blockY, types, bits));
    }

    @Override
    public Optional<Gemm> vendorGemm() {
        return withVendorGemm ? Optional.of(this::sgemm) : Optional.empty();
    }

    private synchronized void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                                    long a, int lda, long b, int ldb, float beta, long c, int ldc) {
        run(() -> sgemm(usable(), transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
    }

    /** Runs a launch or GEMM, or records it while recording; remembers a kernel fault. */
    private void run(Runnable work) {
        usable();
        if (recording != null) {
            recording.add(work);
            return;
        }
        try {
            work.run();
        } catch (KernelFaultException e) {
            lostTo = e.getMessage();
            throw e;
        }
    }

    @Override
    public synchronized void beginRecording() {
        usable("beginRecording");
        recording = new ArrayList<>();
    }

    @Override
    public synchronized Graph endRecording() {
        if (recording == null) {
            throw new IllegalStateException("endRecording without beginRecording");
        }
        List<Runnable> work = List.copyOf(recording);
        recording = null;
        return new Graph() {
            @Override
            public void launch() {
                synchronized (EmulatedDevice.this) {
                    usable("a graph launch");
                    work.forEach(EmulatedDevice.this::run);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized void synchronize() {
        synchronize(usable("synchronize"));
    }

    @Override
    public synchronized MemoryInfo memoryInfo() {
        long[] info = memoryInfo(usable("memoryInfo"));
        return new MemoryInfo(info[0], info[1]);
    }

    /** Frees all memory still allocated; later calls throw, except {@link #free}, which does nothing. */
    @Override
    public synchronized void close() {
        if (handle != 0) {
            destroy(handle);
            handle = 0;
        }
    }

    /** The handle, for a call that is not a launch or GEMM: refused while recording. */
    private long usable(String call) {
        if (recording != null) {
            throw new IllegalStateException(call + " while recording: only launches and GEMMs can be recorded");
        }
        return usable();
    }

    /** The handle, for a launch or GEMM: refused after a kernel fault. */
    private long usable() {
        if (lostTo != null) {
            throw new DeviceException("the device is unusable after an earlier kernel fault: " + lostTo);
        }
        return open();
    }

    private long open() {
        if (handle == 0) {
            throw new IllegalStateException("emulated device used after close()");
        }
        return handle;
    }

    // ---- native/jni.cpp ----

    private static native int abi();

    private static native String[] kernelNames();

    private static native long create(boolean vendorGemm, long memoryLimit, int threads);

    private static native void destroy(long handle);

    private static native String description(long handle);

    private static native long allocate(long handle, long bytes);

    private static native void free(long handle, long pointer);

    private static native void copyFloatsToDevice(long handle, float[] source, long destination);

    private static native void copyIntsToDevice(long handle, int[] source, long destination);

    private static native void copyFloatsToHost(long handle, long source, float[] destination);

    private static native void copyDoublesToHost(long handle, long source, double[] destination);

    private static native void launch(long handle, String kernel, int gridX, int gridY, int blockX, int blockY,
                                      int[] types, long[] bits);

    private static native void sgemm(long handle, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                     long a, int lda, long b, int ldb, float beta, long c, int ldc);

    private static native void synchronize(long handle);

    private static native long[] memoryInfo(long handle);
}
