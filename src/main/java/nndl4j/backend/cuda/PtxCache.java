package nndl4j.backend.cuda;

import nndl4j.AtomicFiles;
import nndl4j.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PTX compiled at run time, kept on disk so that NVRTC runs once per kernel source, architecture and compiler
 * version. The cache is an optimisation only: where it cannot be read or written, the kernel is compiled again.
 */
final class PtxCache {
    private final Path dir;

    PtxCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $XDG_CACHE_HOME/nndl4j/ptx}, by default {@code ~/.cache/nndl4j/ptx}. */
    static PtxCache inUserCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new PtxCache(base.resolve("nndl4j").resolve("ptx"));
    }

    /** The PTX of {@code kernel} for compute_{@code arch} by {@code compiler}, from the cache or from {@code compile}. */
    String ptx(Kernel kernel, String compiler, int arch, Supplier<String> compile) {
        Path file = dir.resolve(kernel.entry() + "-" + key(kernel, compiler, arch) + ".ptx");
        try {
            return Files.readString(file);
        } catch (IOException notCached) {
            String ptx = compile.get();
            store(file, ptx);
            return ptx;
        }
    }

    private static void store(Path file, String ptx) {
        try {
            // Atomic, so a concurrent reader never sees half a file.
            AtomicFiles.write(file, out -> out.write(ptx.getBytes(StandardCharsets.UTF_8)));
        } catch (BadInputException e) {
            // Read-only or odd file system: run without the cache.
        }
    }

    /** A hash of everything the PTX depends on: the source, the headers it may include, the compiler and the target. */
    private static String key(Kernel kernel, String compiler, int arch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((compiler + "\0compute_" + arch + "\0" + kernel.source()).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> header : Kernel.HEADERS.entrySet()) {
                sha.update(("\0" + header.getKey() + "\0" + header.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
