package nndl4j.backend.cuda;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which libcublas JCublas2's natives bind, settled before they load (docs/CUDA.md, "cuBLAS and libcublas.so.12").
 *
 * <p>JCuda 12.6's JCublas2 links {@code libcublas.so.12}. {@link #prepare} looks for one, and for CUDA 13's
 * {@code libcublas.so.13}, in the places of {@link #candidates}, and then:
 * <ul>
 *   <li>a libcublas.so.12 that the dynamic linker finds itself: does nothing;</li>
 *   <li>a libcublas.so.12 only elsewhere ($CUDA_HOME, a toolkit in /usr/local, a pip wheel): loads it by its path,
 *       which satisfies JCublas2's dependency on that name;</li>
 *   <li>else a libcublas.so.13: loads it by its path, then nndl4j's forwarder ({@code native/cublas_shim}), a
 *       library whose soname is libcublas.so.12 and which passes each call on to libcublas.so.13. The forwarder is
 *       off where {@code NNDL4J_CUBLAS_SHIM} or {@code -Dnndl4j.cublas.shim} is 0, false, off or no.</li>
 * </ul>
 * The linker then satisfies JCublas2's libcublas.so.12 with the library already loaded under that soname.
 * The search only checks that files exist, so nothing is loaded on trial. Linux only; elsewhere nothing is done.
 */
final class CublasLibrary {
    static final String CUBLAS_12 = "libcublas.so.12";
    static final String CUBLAS_13 = "libcublas.so.13";
    /** The forwarder's resource, built by native/cublas_shim/build.sh: nndl4j/native/&lt;platform&gt;/libcublas.so.12. */
    static final String FORWARDER = "/nndl4j/native/" + EmulatedDevice.platform() + "/" + CUBLAS_12;
    static final String SWITCH_ENV = "NNDL4J_CUBLAS_SHIM";
    static final String SWITCH_PROPERTY = "nndl4j.cublas.shim";
    /** The RUNPATH of libJCublas2-12.6.0-linux-x86_64.so (readelf -d): the linker searches it for libcublas.so.12. */
    private static final String JCUBLAS2_RUNPATH = "usr/local/cuda-12.0/lib64";
    private static final String LOOKED_IN = "LD_LIBRARY_PATH, /etc/ld.so.cache, the system library folders, "
            + "$CUDA_HOME, $CUDA_PATH, /usr/local/cuda*/lib64 and pip's nvidia/cublas/lib and nvidia/cu13/lib";
    /** What follows the prefix of a versioned folder: "12.4" in cuda-12.4, ".12" in python3.12, "" in python3. */
    private static final Pattern VERSION = Pattern.compile("\\.?((?:\\d+\\.)*\\d+)?");

    enum Kind {
        /** A libcublas.so.12 the dynamic linker finds by itself. */
        LINKER_FINDS_12,
        /** A libcublas.so.12 the linker does not find, loaded by its path. */
        LOAD_12,
        /** libcublas.so.13 through the forwarder. */
        FORWARD_TO_13,
        /** libcublas.so.13 exists, but the forwarder is switched off. */
        FORWARDER_OFF,
        /** Neither was found (or this is not Linux). */
        NONE
    }

    /** A library file, and whether the dynamic linker's own search would find it. */
    record Candidate(Path file, boolean linkerFinds) {
    }

    /** What to do, and with which file (null for NONE). */
    record Choice(Kind kind, Path library) {
    }

    /** Where to look: the environment, the file system's root and the user's home (tests give fakes). */
    record Places(Map<String, String> env, Path root, Path home, String osArch) {
        static Places ofThisMachine() {
            return new Places(System.getenv(), Path.of("/"), Path.of(System.getProperty("user.home")),
                    System.getProperty("os.arch"));
        }
    }

    private final Choice choice;
    /** Why cuBLAS may be missing: what was looked for, or what went wrong; null where nothing did. */
    private final String problem;

    private CublasLibrary(Choice choice, String problem) {
        this.choice = choice;
        this.problem = problem;
    }

    /**
     * Chooses the library and loads what the choice needs. Call it once, before JCublas2's natives load (after
     * them it is too late: the linker has already failed or bound them).
     */
    static CublasLibrary prepare() {
        if (!EmulatedDevice.platform().startsWith("linux-")) {
            return new CublasLibrary(new Choice(Kind.NONE, null), null);
        }
        String off = switchedOff(System.getProperty(SWITCH_PROPERTY), System.getenv(SWITCH_ENV));
        return carryOut(choose(Places.ofThisMachine(), off == null), off);
    }

    /** Loads what the choice needs; {@code off} names the switch that turned the forwarder off, if one did. */
    static CublasLibrary carryOut(Choice choice, String off) {
        return switch (choice.kind()) {
            case LINKER_FINDS_12 -> new CublasLibrary(choice, null);
            case LOAD_12 -> new CublasLibrary(choice, load(choice.library()));
            case FORWARD_TO_13 -> new CublasLibrary(choice, loadForwarder(choice.library()));
            case FORWARDER_OFF -> new CublasLibrary(choice, CUBLAS_13 + " is at " + choice.library()
                    + ", but nndl4j's libcublas.so.12 forwarder is off (" + off + ")");
            case NONE -> new CublasLibrary(choice, "found neither " + CUBLAS_12 + " nor " + CUBLAS_13
                    + " (for nndl4j's forwarder) in " + LOOKED_IN);
        };
    }

    /** Which switch turns the forwarder off, e.g. "NNDL4J_CUBLAS_SHIM=0"; null where it is on. The property wins. */
    static String switchedOff(String property, String env) {
        if (property != null) {
            return isOff(property) ? "-D" + SWITCH_PROPERTY + "=" + property : null;
        }
        return env != null && isOff(env) ? SWITCH_ENV + "=" + env : null;
    }

    private static boolean isOff(String value) {
        return List.of("0", "false", "off", "no").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** A real libcublas.so.12 before libcublas.so.13, each the first of {@link #candidates} that exists. */
    static Choice choose(Places places, boolean forwarderOn) {
        Optional<Candidate> real = firstExisting(candidates(places, CUBLAS_12));
        if (real.isPresent()) {
            return new Choice(real.get().linkerFinds() ? Kind.LINKER_FINDS_12 : Kind.LOAD_12, real.get().file());
        }
        return firstExisting(candidates(places, CUBLAS_13))
                .map(c -> new Choice(forwarderOn ? Kind.FORWARD_TO_13 : Kind.FORWARDER_OFF, c.file()))
                .orElse(new Choice(Kind.NONE, null));
    }

    private static Optional<Candidate> firstExisting(List<Candidate> candidates) {
        return candidates.stream().filter(c -> Files.isRegularFile(c.file())).findFirst();
    }

    /**
     * Where a library of this name may be, in order. First the places the dynamic linker searches, in its own
     * order: LD_LIBRARY_PATH, JCublas2's RUNPATH (for libcublas.so.12), the files /etc/ld.so.cache names, the
     * system folders. Then the places it does not search: $CUDA_HOME/lib64 and lib, the same under $CUDA_PATH,
     * /usr/local/cuda/lib64, /usr/local/cuda-X.Y/lib64 (newest first), and the lib folders of NVIDIA's pip wheels
     * (nvidia/cublas/lib for CUDA 12, nvidia/cu13/lib for CUDA 13) in the usual site-packages.
     */
    static List<Candidate> candidates(Places places, String name) {
        List<Candidate> list = new ArrayList<>();
        Path root = places.root();
        for (String dir : places.env().getOrDefault("LD_LIBRARY_PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                list.add(new Candidate(Path.of(dir, name), true));
            }
        }
        if (name.equals(CUBLAS_12)) {
            list.add(new Candidate(root.resolve(JCUBLAS2_RUNPATH).resolve(name), true));
        }
        for (Path cached : ldCache(root.resolve("etc/ld.so.cache"), name)) {
            list.add(new Candidate(cached, true));
        }
        String multiarch = multiarch(places.osArch());
        for (String dir : List.of("lib/" + multiarch, "usr/lib/" + multiarch, "lib64", "usr/lib64", "lib", "usr/lib")) {
            list.add(new Candidate(root.resolve(dir).resolve(name), true));
        }

        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = places.env().get(variable);
            if (home != null && !home.isBlank()) {
                list.add(new Candidate(Path.of(home, "lib64", name), false));
                list.add(new Candidate(Path.of(home, "lib", name), false));
            }
        }
        Path local = root.resolve("usr/local");
        list.add(new Candidate(local.resolve("cuda/lib64").resolve(name), false));
        for (Path toolkit : newestFirst(local, "cuda-")) {
            list.add(new Candidate(toolkit.resolve("lib64").resolve(name), false));
        }
        for (Path site : sitePackages(places)) {
            list.add(new Candidate(site.resolve("nvidia/cublas/lib").resolve(name), false));
            list.add(new Candidate(site.resolve("nvidia/cu13/lib").resolve(name), false));
        }
        return list;
    }

    /**
     * The paths /etc/ld.so.cache holds for this file name. The cache's string table keeps each library's full path
     * as a NUL-terminated string, so they are read as such, without parsing the format's headers.
     */
    static List<Path> ldCache(Path cache, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(cache);
        } catch (IOException e) {
            return List.of();   // no cache (e.g. musl): the other places remain
        }
        return Arrays.stream(new String(bytes, StandardCharsets.ISO_8859_1).split("\0"))
                .filter(s -> s.startsWith("/") && s.endsWith("/" + name))
                .distinct()
                .map(Path::of)
                .toList();
    }

    /** Debian's multiarch folder name, e.g. x86_64-linux-gnu. */
    private static String multiarch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> osArch + "-linux-gnu";
        };
    }

    /** The site-packages (and Debian's dist-packages) of pip's usual prefixes. */
    private static List<Path> sitePackages(Places places) {
        List<Path> prefixes = new ArrayList<>();
        for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String prefix = places.env().get(variable);
            if (prefix != null && !prefix.isBlank()) {
                prefixes.add(Path.of(prefix));
            }
        }
        prefixes.add(places.home().resolve(".local"));
        for (String prefix : List.of("usr/local", "usr", "opt/conda")) {
            prefixes.add(places.root().resolve(prefix));
        }
        List<Path> sites = new ArrayList<>();
        for (Path prefix : prefixes) {
            for (Path python : newestFirst(prefix.resolve("lib"), "python3")) {
                sites.add(python.resolve("site-packages"));
                sites.add(python.resolve("dist-packages"));
            }
        }
        return sites;
    }

    /** The folders in {@code dir} named {@code prefix} and a version (cuda-12.4, python3.12), newest first. */
    static List<Path> newestFirst(Path dir, String prefix) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path child : children) {
                if (Files.isDirectory(child) && VERSION.matcher(child.getFileName().toString().substring(prefix.length())).matches()) {
                    found.add(child);
                }
            }
        } catch (IOException e) {
            return List.of();   // no such folder
        }
        found.sort(Comparator.comparing((Path p) -> version(p.getFileName().toString().substring(prefix.length())),
                Arrays::compare).reversed());
        return found;
    }

    /** The numbers of a version: [12, 4] for "12.4", [] for "". */
    private static int[] version(String text) {
        Matcher m = VERSION.matcher(text);
        String digits = m.matches() && m.group(1) != null ? m.group(1) : "";
        return digits.isEmpty() ? new int[0] : Arrays.stream(digits.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    /** Loads libcublas.so.12 by its path, with the libcublasLt.so.12 beside it; returns why that failed, or null. */
    private static String load(Path cublas) {
        try {
            loadWithLt(cublas);
            return null;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return CUBLAS_12 + " at " + cublas + " does not load: " + NativeLoadFailure.reason(e);
        }
    }

    /** Loads libcublas.so.13 by its path, then the forwarder; returns why that failed, or null. */
    private static String loadForwarder(Path cublas13) {
        URL forwarder = CublasLibrary.class.getResource(FORWARDER);
        if (forwarder == null) {
            return CUBLAS_13 + " is at " + cublas13 + ", but this build has no nndl4j libcublas.so.12 forwarder for "
                    + EmulatedDevice.platform() + " (building it needs a C compiler and nm on Linux x86_64 or aarch64)";
        }
        try {
            loadWithLt(cublas13);
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return CUBLAS_13 + " at " + cublas13 + " does not load: " + NativeLoadFailure.reason(e);
        }
        try {
            // Its constructor dlopens libcublas.so.13 by soname, which finds the copy just loaded.
            System.load(EmulatedDevice.localFile(forwarder).toString());
            return null;
        } catch (IOException | URISyntaxException | UnsatisfiedLinkError | SecurityException e) {
            return "nndl4j's libcublas.so.12 forwarder does not load: " + NativeLoadFailure.reason(e);
        }
    }

    /**
     * Loads a libcublas by its path, after the libcublasLt of the same version beside it: a toolkit's libcublas
     * has no RUNPATH, so the linker would not look for its libcublasLt there.
     */
    private static void loadWithLt(Path cublas) {
        Path lt = cublas.resolveSibling("libcublasLt" + cublas.getFileName().toString().substring("libcublas".length()));
        if (Files.isRegularFile(lt)) {
            System.load(lt.toAbsolutePath().toString());
        }
        System.load(cublas.toAbsolutePath().toString());
    }

    Choice choice() {
        return choice;
    }

    /**
     * JCublas2's load failure (from {@link NativeLoadFailure}) with what was looked for or what went wrong here,
     * e.g. "libcublas.so.12 not found; found neither libcublas.so.12 nor libcublas.so.13 (...) in ..."; null where
     * JCublas2 loaded.
     */
    String whyNotLoaded(String jcublasFailure) {
        if (jcublasFailure == null || problem == null) {
            return jcublasFailure;
        }
        return jcublasFailure + "; " + problem;
    }

    /**
     * Where cuBLAS comes from, to follow "cuBLAS 13.0.2": e.g. "through nndl4j's libcublas.so.12 forwarder to
     * /usr/local/cuda-13.0/lib64/libcublas.so.13" or "from /usr/local/cuda-12.4/lib64/libcublas.so.12".
     */
    @Override
    public String toString() {
        return switch (choice.kind()) {
            case LINKER_FINDS_12, LOAD_12 -> "from " + choice.library();
            case FORWARD_TO_13 -> "through nndl4j's libcublas.so.12 forwarder to " + choice.library();
            case FORWARDER_OFF, NONE -> "found by the system's library search";
        };
    }
}
