package nndl4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes files so that readers see the old file or the complete new one, never a half-written one. */
public final class AtomicFiles {

    /** The body of a write: streams the whole content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes to a temporary file beside {@code target} (so the rename stays within one file system), then
     * renames it over the target. The temporary file is created like any other file, so the result gets the
     * usual permissions (the umask), not a temp file's owner-only ones. It is removed if the body fails.
     */
    public static void write(Path target, Writer body) {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(absolute.getParent());
            try (OutputStream out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                body.writeTo(out);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + describe(e), null, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the target is intact either way
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + " " + e.getMessage();
    }
}
