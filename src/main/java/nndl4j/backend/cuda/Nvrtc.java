package nndl4j.backend.cuda;

import org.lwjgl.PointerBuffer;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.Platform;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.lwjgl.cuda.NVRTC.NVRTC_SUCCESS;
import static org.lwjgl.cuda.NVRTC.nvrtcCompileProgram;
import static org.lwjgl.cuda.NVRTC.nvrtcCreateProgram;
import static org.lwjgl.cuda.NVRTC.nvrtcDestroyProgram;
import static org.lwjgl.cuda.NVRTC.nvrtcGetErrorString;
import static org.lwjgl.cuda.NVRTC.nvrtcGetNumSupportedArchs;
import static org.lwjgl.cuda.NVRTC.nvrtcGetPTX;
import static org.lwjgl.cuda.NVRTC.nvrtcGetPTXSize;
import static org.lwjgl.cuda.NVRTC.nvrtcGetProgramLog;
import static org.lwjgl.cuda.NVRTC.nvrtcGetProgramLogSize;
import static org.lwjgl.cuda.NVRTC.nvrtcGetSupportedArchs;
import static org.lwjgl.cuda.NVRTC.nvrtcVersion;
import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.system.MemoryUtil.memUTF8;

/**
 * NVRTC through LWJGL's binding: compiles the kernel sources to PTX for the GPU at hand, for when no PTX was shipped
 * or the driver is older than the nvcc that built it.
 *
 * <p>LWJGL's own search only scans {@code /usr/local/cuda-X.Y/lib}, so on Linux the library is found here
 * ({@link #candidates}) and named explicitly ({@code org.lwjgl.cuda.nvrtc.libname}), with the
 * {@code libnvrtc-builtins} beside it, before LWJGL's binding first loads. A library named by the user with that
 * property is taken as given.
 */
final class Nvrtc {
    /** The oldest CUDA major version whose NVRTC is looked for. */
    private static final int OLDEST_MAJOR = 12;
    private static final Pattern TOOLKIT_DIR = Pattern.compile("cuda-(\\d+)\\.(\\d+)");
    /** libnvrtc's file name, with the major version that its builtins library shares. */
    private static final Pattern LIBRARY_NAME = Pattern.compile("libnvrtc\\.so(\\.\\d+)?.*");

    private static Nvrtc loaded;
    private static String loadFailure;

    private final String library;
    private final String version;
    private final int[] archs;

    private Nvrtc(String library, String version, int[] archs) {
        this.library = library;
        this.version = version;
        this.archs = archs;
    }

    /**
     * NVRTC, loaded once per JVM (LWJGL binds one library for good), for a driver of CUDA major version
     * {@code driverMajor}. Throws {@link DeviceException} with a one-line reason.
     */
    static synchronized Nvrtc load(int driverMajor) {
        if (loaded == null && loadFailure == null) {
            try {
                loaded = bind(driverMajor);
            } catch (DeviceException e) {
                loadFailure = e.getMessage();
            }
        }
        if (loaded == null) {
            throw new DeviceException(loadFailure);
        }
        return loaded;
    }

    private static Nvrtc bind(int driverMajor) {
        if (Platform.get() == Platform.LINUX && Configuration.CUDA_NVRTC_LIBRARY_NAME.get() == null) {
            Path library = candidates(driverMajor, System.getenv(), System.getProperty("java.library.path", "")).stream()
                    .findFirst()
                    .orElseThrow(() -> new DeviceException("libnvrtc not found (looked for libnvrtc.so."
                            + driverMajor + (driverMajor > OLDEST_MAJOR ? " down to ." + OLDEST_MAJOR : "")
                            + " and libnvrtc.so under $CUDA_HOME, $CUDA_PATH, the library path and /usr/local/cuda*)"));
            Configuration.CUDA_NVRTC_LIBRARY_NAME.set(library.toString());
            if (Configuration.CUDA_NVRTC_BUILTINS_LIBRARY_NAME.get() == null) {
                Configuration.CUDA_NVRTC_BUILTINS_LIBRARY_NAME.set(builtinsBeside(library));
            }
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer major = stack.mallocInt(1), minor = stack.mallocInt(1), count = stack.mallocInt(1);
            check(nvrtcVersion(major, minor), "nvrtcVersion");
            check(nvrtcGetNumSupportedArchs(count), "nvrtcGetNumSupportedArchs");
            IntBuffer archs = stack.mallocInt(count.get(0));
            check(nvrtcGetSupportedArchs(archs), "nvrtcGetSupportedArchs");
            int[] supported = new int[count.get(0)];
            archs.get(supported);
            Arrays.sort(supported);
            return new Nvrtc(Configuration.CUDA_NVRTC_LIBRARY_NAME.get("nvrtc"), major.get(0) + "." + minor.get(0), supported);
        } catch (LinkageError | IllegalStateException e) {
            // LWJGL's natives, libnvrtc or its builtins failed to load (an initialiser error, a missing symbol).
            throw new DeviceException("NVRTC cannot load: " + NativeLoadFailure.reason(e), e);
        }
    }

    /**
     * The libnvrtc files present, best first: for each CUDA major version from the driver's down (a newer NVRTC
     * writes PTX the driver cannot load), then unversioned, the copy in $CUDA_HOME, $CUDA_PATH, the library path
     * ({@code java.library.path}, which holds LD_LIBRARY_PATH and the system directories), /usr/local/cuda and
     * /usr/local/cuda-X.Y (newest first). Only existing files are listed, so nothing is loaded on trial.
     */
    static List<Path> candidates(int driverMajor, Map<String, String> env, String libraryPath) {
        List<Path> dirs = new ArrayList<>();
        for (String root : Stream.of(env.get("CUDA_HOME"), env.get("CUDA_PATH")).filter(r -> r != null && !r.isBlank()).toList()) {
            dirs.add(Path.of(root, "lib64"));
            dirs.add(Path.of(root, "lib"));
        }
        Arrays.stream(libraryPath.split(File.pathSeparator)).filter(d -> !d.isBlank()).map(Path::of).forEach(dirs::add);
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        for (Path toolkit : toolkitsNewestFirst(Path.of("/usr/local"))) {
            dirs.add(toolkit.resolve("lib64"));
            dirs.add(toolkit.resolve("lib"));
        }
        List<String> names = new ArrayList<>();
        for (int major = driverMajor; major >= OLDEST_MAJOR; major--) {
            names.add("libnvrtc.so." + major);
        }
        names.add("libnvrtc.so");

        List<Path> found = new ArrayList<>();
        for (String name : names) {
            for (Path dir : dirs) {
                Path file = dir.resolve(name).toAbsolutePath().normalize();
                if (Files.isRegularFile(file) && !found.contains(file)) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private static List<Path> toolkitsNewestFirst(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> TOOLKIT_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(Nvrtc::toolkitVersion).reversed()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Integer toolkitVersion(Path toolkit) {
        Matcher m = TOOLKIT_DIR.matcher(toolkit.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2)) : 0;
    }

    /** libnvrtc-builtins of the same version, which NVRTC loads while compiling and LWJGL's binding loads up front. */
    private static String builtinsBeside(Path nvrtc) {
        Matcher name = LIBRARY_NAME.matcher(nvrtc.getFileName().toString());
        String builtins = "libnvrtc-builtins.so" + (name.matches() && name.group(1) != null ? name.group(1) : "");
        Path dir = nvrtc.getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(builtins)).sorted().findFirst()
                    .map(Path::toString)
                    .orElseThrow(() -> new DeviceException(builtins + "* not found beside " + nvrtc));
        } catch (IOException e) {
            throw new DeviceException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** e.g. "13.0". */
    String version() {
        return version;
    }

    /** What the PTX depends on besides the source, for {@link PtxCache}. */
    String id() {
        return "nvrtc " + version + " " + library;
    }

    /** The newest virtual architecture NVRTC supports that a GPU of compute capability {@code deviceArch} (e.g. 90) runs. */
    int targetArch(int deviceArch) {
        for (int i = archs.length - 1; i >= 0; i--) {
            if (archs[i] <= deviceArch) {
                return archs[i];
            }
        }
        throw new DeviceException("NVRTC " + version + " cannot target compute capability " + deviceArch / 10 + "."
                + deviceArch % 10 + " (its oldest is compute_" + archs[0] + ")");
    }

    /** PTX of {@code kernel} for compute_{@code arch}; a failed compile throws with NVRTC's log. */
    String compile(Kernel kernel, int arch) {
        String file = kernel.entry() + ".cu";
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer headers = stack.mallocPointer(Kernel.HEADERS.size());
            PointerBuffer includeNames = stack.mallocPointer(Kernel.HEADERS.size());
            Kernel.HEADERS.forEach((name, source) -> {
                headers.put(stack.UTF8(source));
                includeNames.put(stack.UTF8(name));
            });
            headers.flip();
            includeNames.flip();
            PointerBuffer program = stack.mallocPointer(1);
            check(nvrtcCreateProgram(program, kernel.source(), file, headers, includeNames), "nvrtcCreateProgram(" + file + ")");
            long handle = program.get(0);
            try {
                int result = nvrtcCompileProgram(handle, stack.pointers(stack.UTF8("--gpu-architecture=compute_" + arch)));
                if (result != NVRTC_SUCCESS) {
                    throw new DeviceException("nvrtcCompileProgram(" + file + ", compute_" + arch + "): "
                            + nvrtcGetErrorString(result) + "\n" + log(handle, stack));
                }
                PointerBuffer size = stack.mallocPointer(1);
                check(nvrtcGetPTXSize(handle, size), "nvrtcGetPTXSize(" + file + ")");
                ByteBuffer ptx = memAlloc((int) size.get(0));
                try {
                    check(nvrtcGetPTX(handle, ptx), "nvrtcGetPTX(" + file + ")");
                    return memUTF8(ptx, (int) size.get(0) - 1); // without the terminating NUL
                } finally {
                    memFree(ptx);
                }
            } finally {
                nvrtcDestroyProgram(program);
            }
        }
    }

    private static String log(long program, MemoryStack stack) {
        PointerBuffer size = stack.mallocPointer(1);
        if (nvrtcGetProgramLogSize(program, size) != NVRTC_SUCCESS) {
            return "(no log)";
        }
        ByteBuffer log = memAlloc((int) size.get(0));
        try {
            return nvrtcGetProgramLog(program, log) == NVRTC_SUCCESS ? memUTF8(log, (int) size.get(0) - 1).strip() : "(no log)";
        } finally {
            memFree(log);
        }
    }

    private static void check(int result, String call) {
        if (result != NVRTC_SUCCESS) {
            throw new DeviceException(call + ": " + nvrtcGetErrorString(result));
        }
    }
}
