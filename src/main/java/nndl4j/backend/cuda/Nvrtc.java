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
 * NVRTC through LWJGL's binding: compiles the kernel sources to PTX for the GPU at hand, for when no fatbin was
 * shipped or the driver cannot use it (older than the nvcc that built it, or a GPU it has no code for).
 *
 * <p>LWJGL's own search only scans {@code /usr/local/cuda-X.Y/lib}, so on Linux the library is found here
 * ({@link #searchDirs}, {@link #candidates}) and named explicitly ({@code org.lwjgl.cuda.nvrtc.libname}), with the
 * {@code libnvrtc-builtins} beside it, before LWJGL's binding first loads. A library named by the user with that
 * property is taken as given.
 */
final class Nvrtc {
    /** The oldest CUDA major version whose NVRTC is looked for. */
    private static final int OLDEST_MAJOR = 12;
    private static final Pattern TOOLKIT_DIR = Pattern.compile("cuda-(\\d+)\\.(\\d+)");
    private static final Pattern PYTHON_DIR = Pattern.compile("python(\\d+)\\.(\\d+)");
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
            List<Path> dirs = searchDirs(System.getenv(), System.getProperty("java.library.path", ""),
                    Path.of("/"), Path.of(System.getProperty("user.home")));
            Path library = candidates(driverMajor, dirs).stream()
                    .findFirst()
                    .orElseThrow(() -> new DeviceException("libnvrtc not found (looked for libnvrtc.so."
                            + driverMajor + (driverMajor > OLDEST_MAJOR ? " down to ." + OLDEST_MAJOR : "")
                            + " and libnvrtc.so under $CUDA_HOME, $CUDA_PATH, the library path, /usr/local/cuda*, "
                            + "/usr/lib/<arch>-linux-gnu, $CONDA_PREFIX and Python's site-packages)"));
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
     * The directories searched for libnvrtc, in order: $CUDA_HOME and $CUDA_PATH, the library path
     * ({@code java.library.path}: LD_LIBRARY_PATH and the JVM's system directories), /usr/local/cuda and
     * /usr/local/cuda-X.Y (newest first), the distribution's /usr/lib/&lt;arch&gt;-linux-gnu, $CONDA_PREFIX/lib,
     * then the NVIDIA wheels in the site-packages of $VIRTUAL_ENV, $CONDA_PREFIX, the user ({@code ~/.local}) and
     * the system. {@code root} and {@code home} stand for / and the user's home (the tests use temporary ones).
     */
    static List<Path> searchDirs(Map<String, String> env, String libraryPath, Path root, Path home) {
        List<Path> dirs = new ArrayList<>();
        for (String toolkit : nonBlank(env, "CUDA_HOME", "CUDA_PATH")) {
            dirs.add(Path.of(toolkit, "lib64"));
            dirs.add(Path.of(toolkit, "lib"));
        }
        Arrays.stream(libraryPath.split(File.pathSeparator)).filter(d -> !d.isBlank()).map(Path::of).forEach(dirs::add);
        Path local = root.resolve("usr/local");
        dirs.add(local.resolve("cuda/lib64"));
        for (Path toolkit : newestFirst(local, TOOLKIT_DIR)) {
            dirs.add(toolkit.resolve("lib64"));
            dirs.add(toolkit.resolve("lib"));
        }
        dirs.add(root.resolve("usr/lib/x86_64-linux-gnu"));
        dirs.add(root.resolve("usr/lib/aarch64-linux-gnu"));
        nonBlank(env, "CONDA_PREFIX").forEach(conda -> dirs.add(Path.of(conda, "lib")));

        List<Path> sitePackages = new ArrayList<>();
        for (String prefix : nonBlank(env, "VIRTUAL_ENV", "CONDA_PREFIX")) {
            newestFirst(Path.of(prefix, "lib"), PYTHON_DIR).forEach(python -> sitePackages.add(python.resolve("site-packages")));
        }
        newestFirst(home.resolve(".local/lib"), PYTHON_DIR).forEach(python -> sitePackages.add(python.resolve("site-packages")));
        for (Path python : newestFirst(local.resolve("lib"), PYTHON_DIR)) {
            sitePackages.add(python.resolve("dist-packages")); // Debian's pip
            sitePackages.add(python.resolve("site-packages"));
        }
        sitePackages.add(root.resolve("usr/lib/python3/dist-packages"));
        for (Path site : sitePackages) {
            // nvidia-cuda-nvrtc 13 installs into nvidia/cu13, nvidia-cuda-nvrtc-cu12 into nvidia/cuda_nvrtc.
            for (String wheel : List.of("nvidia/cu13/lib", "nvidia/cu12/lib", "nvidia/cuda_nvrtc/lib")) {
                dirs.add(site.resolve(wheel));
            }
        }
        return dirs;
    }

    /**
     * The libnvrtc files present in {@code dirs}, best first: for each CUDA major version from the driver's down (a
     * newer NVRTC writes PTX the driver cannot load), then unversioned unless it links to a newer major, the copy in
     * the first directory. Only existing files are listed, so nothing is loaded on trial.
     */
    static List<Path> candidates(int driverMajor, List<Path> dirs) {
        List<String> names = new ArrayList<>();
        for (int major = driverMajor; major >= OLDEST_MAJOR; major--) {
            names.add("libnvrtc.so." + major);
        }
        names.add("libnvrtc.so");

        List<Path> found = new ArrayList<>();
        for (String name : names) {
            for (Path dir : dirs) {
                Path file = dir.resolve(name).toAbsolutePath().normalize();
                if (Files.isRegularFile(file) && !found.contains(file) && majorOf(file) <= driverMajor) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    /** The CUDA major version in the name of the file {@code library} links to, or 0 where it names none. */
    private static int majorOf(Path library) {
        try {
            Matcher name = LIBRARY_NAME.matcher(library.toRealPath().getFileName().toString());
            return name.matches() && name.group(1) != null ? Integer.parseInt(name.group(1).substring(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> nonBlank(Map<String, String> env, String... names) {
        return Stream.of(names).map(env::get).filter(v -> v != null && !v.isBlank()).toList();
    }

    /** The entries of {@code dir} whose names match {@code versioned} (major and minor version as groups 1 and 2), newest first. */
    private static List<Path> newestFirst(Path dir, Pattern versioned) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> versioned.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> version(p, versioned)).reversed()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Integer version(Path dir, Pattern versioned) {
        Matcher m = versioned.matcher(dir.getFileName().toString());
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
