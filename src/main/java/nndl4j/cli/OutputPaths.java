package nndl4j.cli;

import nndl4j.AtomicFiles;
import nndl4j.BadInputException;
import nndl4j.data.DataSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a command will write, checked before it does any work (a training run, an expansion) so that a bad
 * output path is found at once, not after hours of training when the result would be lost. Each output must be
 * writable where it is (its folder, or the nearest existing folder above it, accepts a new file), must not be a
 * directory or a device, must not be read-only, and must not be the same file as another output or any input,
 * compared after symbolic links and hard links ({@link Files#isSameFile} where both exist).
 *
 * <pre>{@code
 * new OutputPaths()
 *         .input("--from", from).dataInputs("--train", data.train)
 *         .file("--save", save).file("--history", history)
 *         .directory("--checkpoint", checkpointDir)
 *         .check();
 * }</pre>
 */
final class OutputPaths {
    private record Named(String option, Path path) {
        String describe() {
            return option + " " + path;
        }
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> files = new ArrayList<>();
    private final List<Named> directories = new ArrayList<>();

    /** An input file (ignored when null); an output may not be it. */
    OutputPaths input(String option, Path path) {
        if (path != null) {
            inputs.add(new Named(option, path));
        }
        return this;
    }

    /** The files a data spec reads (the images file and the labels file beside it); ignored when null. */
    OutputPaths dataInputs(String option, String spec) {
        if (spec != null) {
            try {
                for (Path file : DataSpec.files(spec)) {
                    input(option, file);
                }
            } catch (BadInputException e) {
                // a spec whose files are missing or malformed: loading it reports that, before anything is written
            }
        }
        return this;
    }

    /** {@code --data}: a folder, every file in which is an input, or one file (mnist.pkl.gz); ignored when null. */
    OutputPaths dataFolder(String option, Path path) {
        if (path != null && Files.isDirectory(path)) {
            try (var files = Files.list(path)) {
                files.filter(Files::isRegularFile).forEach(file -> input(option, file));
            } catch (IOException e) {
                // unreadable: loading the data reports it
            }
        } else {
            input(option, path);
        }
        return this;
    }

    /** An output file written with {@link AtomicFiles} (ignored when null). */
    OutputPaths file(String option, Path path) {
        if (path != null) {
            files.add(new Named(option, path));
        }
        return this;
    }

    /**
     * An output folder, created if absent, into which the command writes files (ignored when null): it must be a
     * folder or creatable, and writable. The files written into it that an input could collide with are best also
     * given to {@link #file}.
     */
    OutputPaths directory(String option, Path path) {
        if (path != null) {
            directories.add(new Named(option, path));
        }
        return this;
    }

    /** Throws {@link BadInputException} naming the first output that cannot or must not be written. */
    void check() {
        for (Named dir : directories) {
            if (Files.exists(dir.path()) && !Files.isDirectory(dir.path())) {
                throw new BadInputException("cannot write into " + dir.describe() + ": it is not a directory");
            }
            checkWritableFolder((Files.exists(dir.path()) ? "cannot write into " : "cannot create ") + dir.describe(), dir.path());
        }
        for (int i = 0; i < files.size(); i++) {
            Named out = files.get(i);
            Path resolved = AtomicFiles.resolveLinks(out.path());
            try {
                AtomicFiles.checkReplaceable(out.path(), resolved);
            } catch (BadInputException e) {
                throw new BadInputException(out.option() + ": " + e.getMessage(), e.hint());
            }
            checkWritableFolder("cannot write " + out.describe(), resolved.getParent());
            for (Named in : inputs) {
                if (same(resolved, in.path())) {
                    throw new BadInputException(out.describe() + " is the input " + in.describe() + "; refusing to overwrite it",
                            "give " + out.option() + " another path");
                }
            }
            for (Named earlier : files.subList(0, i)) {
                if (same(resolved, earlier.path())) {
                    throw new BadInputException(earlier.describe() + " and " + out.describe() + " are the same file; "
                            + "one would overwrite the other", "give " + out.option() + " another path");
                }
            }
            for (Named dir : directories) {
                if (same(resolved, dir.path())) {
                    throw new BadInputException(out.describe() + " is the folder " + dir.describe());
                }
            }
        }
    }

    /**
     * Whether a new file can be made in {@code folder}, or in the nearest existing folder above it (the write creates
     * the rest): tried by creating and deleting a file, which answers for permissions, ACLs and read-only mounts alike.
     */
    private static void checkWritableFolder(String failure, Path folder) {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new BadInputException(failure + ": " + existing + " is not a directory");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".nndl4j-probe-", ".tmp"));
        } catch (IOException e) {
            throw new BadInputException(failure + ": " + existing + " is not writable ("
                    + AtomicFiles.describe(e) + ")", "give a path in a writable folder");
        }
    }

    /** Whether the (link-resolved) output {@code out} and {@code other} are one file, or would be once written. */
    private static boolean same(Path out, Path other) {
        Path resolvedOther = AtomicFiles.resolveLinks(other);
        try {
            if (Files.exists(out) && Files.exists(resolvedOther)) {
                return Files.isSameFile(out, resolvedOther); // also hard links
            }
        } catch (IOException e) {
            // cannot tell from the files: compare the paths below
        }
        return canonical(out).equals(canonical(resolvedOther));
    }

    /** The path with its existing part's links resolved (toRealPath) and the rest appended, for files yet to exist. */
    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
