package nndl4j.data;

import nndl4j.BadInputException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening data files (gzipped or not) and turning I/O failures into one-line {@link BadInputException}s. */
final class DataFiles {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    /**
     * Opens a file for reading, decompressing it when it starts with the gzip magic bytes: the content decides, not
     * the name, so a gunzipped file that kept its ".gz" name (or the reverse) still reads.
     */
    static InputStream open(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a folder, not a data file");
        }
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            in.mark(2);
            boolean gzipped = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
            in.reset();
            return gzipped ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER) : in;
        } catch (IOException e) {
            closeQuietly(in);
            throw readFailure(file, e);
        }
    }

    /** The one-line message for an I/O failure while reading {@code file}. */
    static BadInputException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new BadInputException("no such file: " + file);
        }
        if (e instanceof AccessDeniedException) {
            return new BadInputException("cannot read " + file + ": permission denied");
        }
        // GZIPInputStream reports a cut-off stream as EOFException and a damaged one as ZipException.
        if (e instanceof EOFException || e instanceof ZipException) {
            return new BadInputException(file + " is truncated or not valid gzip (" + e.getMessage() + ")", null, e);
        }
        return new BadInputException("cannot read " + file + ": " + e.getMessage(), null, e);
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Already failing with a more useful error.
            }
        }
    }
}
