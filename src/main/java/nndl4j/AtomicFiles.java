package nndl4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that readers see the old file or the complete new one, never a half-written one, even when the
 * process is killed mid-write.
 *
 * <p>The content goes to a temporary file beside the target, named {@code .NAME.nndl4j-PID-RANDOM.tmp} (PID the
 * writing process), which is flushed to disk and renamed over the target. What is replaced is checked first
 * ({@link #checkReplaceable}): only a regular file, never a directory, device or FIFO. A symbolic link is written
 * through: its target gets the new content and the link stays a link. The replaced file's POSIX permissions are
 * copied to the temporary file before anything is written to it, so a 0600 file stays 0600; a new file gets the
 * usual permissions (the umask). The temporary file is removed when the body fails, and by a shutdown hook when the
 * JVM exits mid-write; one left by a killed process (its PID no longer running) is removed at the next write to the
 * same target.
 */
public final class AtomicFiles {

    /** The body of a write: streams the whole content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** How many symbolic links {@link #resolveLinks} follows before calling it a loop (Linux's own limit). */
    private static final int MAX_LINKS = 40;
    private static final String TEMP_MARK = ".nndl4j-";

    /** Temporary files being written now, removed by the shutdown hook if the JVM exits before the rename. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(AtomicFiles::deleteQuietly),
                    "nndl4j-temp-cleanup"));
        } catch (IllegalStateException e) {
            // first used inside another shutdown hook: the next save to the same target removes what is left
        }
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code body}'s content to {@code target} atomically (see the class comment). Throws
     * {@link BadInputException} when the target cannot be replaced or written; the old file is then untouched.
     */
    public static void write(Path target, Writer body) {
        Path resolved = resolveLinks(target);
        checkReplaceable(target, resolved);
        Path temp = resolved.resolveSibling(tempName(resolved.getFileName().toString(), ProcessHandle.current().pid()));
        try {
            Files.createDirectories(resolved.getParent());
            removeStaleTemps(resolved);
            IN_FLIGHT.add(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copyPermissions(resolved, temp);
                OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        flush(); // a body that closes its stream (as Jackson does) leaves the channel to us
                    }
                };
                body.writeTo(out);
                out.flush();
                channel.force(true); // on disk before the rename, so a crash cannot leave a renamed but empty file
            }
            try {
                Files.move(temp, resolved, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, resolved, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + describe(e), null, e);
        } finally {
            deleteQuietly(temp);
            IN_FLIGHT.remove(temp);
        }
    }

    /**
     * The file a write to {@code target} replaces: {@code target} with its symbolic links followed, also a dangling
     * last link (whose target the write creates). Absolute.
     */
    public static Path resolveLinks(Path target) {
        Path path = target.toAbsolutePath().normalize();
        for (int hops = 0; Files.isSymbolicLink(path); hops++) {
            if (hops == MAX_LINKS) {
                throw new BadInputException("cannot write " + target + ": too many levels of symbolic links");
            }
            try {
                path = path.resolveSibling(Files.readSymbolicLink(path)).toAbsolutePath().normalize();
            } catch (IOException e) {
                throw new BadInputException("cannot write " + target + ": " + describe(e), null, e);
            }
        }
        return path;
    }

    /**
     * Refuses a target that is anything but a regular file or absent (a directory, a device such as /dev/full or
     * /dev/null, a FIFO, a socket), and an existing file this process may not write (read-only: someone protected it).
     * {@code resolved} is {@code target} after {@link #resolveLinks}; messages name {@code target} as given.
     */
    public static void checkReplaceable(Path target, Path resolved) {
        if (Files.isDirectory(resolved)) {
            throw new BadInputException("cannot write " + target + ": it is a directory",
                    "give a file name, e.g. " + target.resolve("model.json"));
        }
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException("refusing to replace " + target + ": it is not a regular file (a device, FIFO or socket)");
        }
        if (Files.exists(resolved) && !Files.isWritable(resolved)) {
            throw new BadInputException("refusing to replace " + target + ": it is read-only",
                    "make it writable, or give another path");
        }
    }

    static String tempName(String targetName, long pid) {
        return "." + targetName + TEMP_MARK + pid + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
    }

    /** The temporary files of writes to {@code target}: group 1 is the writer's PID. */
    static Pattern tempPattern(Path target) {
        return Pattern.compile(Pattern.quote("." + target.getFileName() + TEMP_MARK) + "(\\d+)-[0-9a-f]{1,16}\\.tmp");
    }

    /** Removes the temporary files of writes to {@code target} whose process has died (killed mid-write). */
    private static void removeStaleTemps(Path target) throws IOException {
        Pattern pattern = tempPattern(target);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(target.getParent(),
                p -> pattern.matcher(p.getFileName().toString()).matches())) {
            for (Path temp : temps) {
                Matcher m = pattern.matcher(temp.getFileName().toString());
                if (m.matches() && !running(Long.parseLong(m.group(1))) && Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
                    deleteQuietly(temp);
                }
            }
        }
    }

    /** Whether a process with this PID runs (a write of this process counts as running: its temp is in flight). */
    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The replaced file's POSIX permissions onto the temporary file (nothing where there is none, or no POSIX). */
    private static void copyPermissions(Path replaced, Path temp) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(replaced, PosixFileAttributeView.class);
        if (from != null && Files.exists(replaced)) {
            Files.setPosixFilePermissions(temp, from.readAttributes().permissions());
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // best effort: the target is intact either way, and the next write to it removes a stale temp
        }
    }

    /** An I/O failure in a few words: "permission denied", or its type and message. */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + " " + e.getMessage();
    }
}
