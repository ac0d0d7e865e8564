package nndl4j.data;

import nndl4j.BadInputException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * numpy's {@code .npz}: a zip file (written by {@code np.savez}, entries stored, or {@code np.savez_compressed},
 * entries deflated) of {@code .npy} arrays ({@link Npy}) named {@code NAME.npy}.
 */
final class Npz {
    private static final byte[] ZIP_MAGIC = {'P', 'K'};

    private Npz() {
    }

    /** Whether {@code file} is an npz: its name ends in ".npz" or it starts like a zip file. */
    static boolean isNpz(Path file) {
        String name = String.valueOf(file.getFileName());
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".npz")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(ZIP_MAGIC.length);
            return start.length == ZIP_MAGIC.length && start[0] == ZIP_MAGIC[0] && start[1] == ZIP_MAGIC[1];
        } catch (IOException e) {
            return false;
        }
    }

    /** The arrays {@code names} (each stored as NAME.npy, or NAME) of an npz file, in that order. */
    static Map<String, NpyArray> read(Path file, List<String> names) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a folder, not an npz file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (String name : names) {
                ZipEntry entry = zip.getEntry(name + ".npy");
                if (entry == null) {
                    entry = zip.getEntry(name);
                }
                if (entry == null || entry.isDirectory()) {
                    throw new BadInputException(file + " has no array " + name + " (it holds " + contents(zip) + ")",
                            "an MNIST npz holds x_train, y_train, x_test and y_test, as Keras' mnist.npz does");
                }
                String where = file + " " + Npy.printable(entry.getName());
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name, Npy.read(in, where));
                } catch (EOFException | ZipException e) {
                    throw new BadInputException(where + " is truncated or corrupt (" + e.getMessage() + ")", null, e);
                }
            }
            return arrays;
        } catch (BadInputException e) {
            throw e;
        } catch (ZipException e) {
            throw new BadInputException(file + " is not a valid npz (zip) file (" + e.getMessage() + ")", null, e);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
    }

    /** The entries of a zip, for messages: "a.npy, b.npy" or "nothing". */
    private static String contents(ZipFile zip) {
        String names = zip.stream().limit(10).map(e -> Npy.printable(e.getName())).collect(Collectors.joining(", "));
        return names.isEmpty() ? "nothing" : zip.size() > 10 ? names + ", ..." : names;
    }
}
