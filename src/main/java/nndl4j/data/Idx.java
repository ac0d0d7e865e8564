package nndl4j.data;

import nndl4j.AtomicFiles;

import nndl4j.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX files MNIST ships in (http://yann.lecun.com/exdb/mnist/): a big-endian header of a magic number and
 * dimensions, then unsigned bytes. Reads gzipped or plain files; writes gzipped ones.
 */
public final class Idx {
    /** Magic number of an images file: unsigned bytes (0x08) in 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x0803;
    /** Magic number of a labels file: unsigned bytes (0x08) in 1 dimension. */
    public static final int LABELS_MAGIC = 0x0801;

    private static final int IMAGES_HEADER_BYTES = 16;
    private static final int LABELS_HEADER_BYTES = 8;
    /** The most bytes after a header: a Java array's limit. */
    private static final int MAX_BODY_BYTES = Integer.MAX_VALUE - 8;
    /** {@code X-images-idx3-ubyte[.gz]} and the {@code X-images.idx3-ubyte} spelling of some mirrors. */
    private static final Pattern IMAGES_NAME = Pattern.compile("(.*)images([.-])idx3-ubyte(\\.gz)?");

    private Idx() {
    }

    public static IdxImages readImages(Path file) {
        try (InputStream in = DataFiles.open(file)) {
            ByteBuffer header = readHeader(in, file, IMAGES_MAGIC, IMAGES_HEADER_BYTES, "images");
            int count = header.getInt();
            int rows = header.getInt();
            int cols = header.getInt();
            String promised = count + " images of " + rows + "x" + cols;
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new BadInputException(file + " has a corrupt IDX header: " + promised);
            }
            long imageSize = (long) rows * cols;
            long size = imageSize * count;
            if (imageSize > MAX_BODY_BYTES || size > MAX_BODY_BYTES) {
                throw new BadInputException(file + " is too large for one array: " + promised);
            }
            byte[] pixels = readBody(in, file, (int) size, promised);
            return new IdxImages(count, rows, cols, pixels);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
    }

    /** The labels of an IDX labels file, as unsigned values 0-255. */
    public static int[] readLabels(Path file) {
        try (InputStream in = DataFiles.open(file)) {
            int count = readHeader(in, file, LABELS_MAGIC, LABELS_HEADER_BYTES, "labels").getInt();
            if (count < 0) {
                throw new BadInputException(file + " has a corrupt IDX header: " + count + " labels");
            }
            if (count > MAX_BODY_BYTES) {
                throw new BadInputException(file + " is too large for one array: " + count + " labels");
            }
            byte[] bytes = readBody(in, file, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
    }

    /** Writes {@code images} as a gzipped IDX images file, atomically: readers see the old file or the whole new one. */
    public static void writeImages(Path file, IdxImages images) {
        writeImages(file, images.count(), images.rows(), images.cols(), out -> out.write(images.pixels()));
    }

    /** Streams the body of an IDX file after its header: for images, the pixels image after image, each row-major. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a gzipped IDX images file of {@code count} images of {@code rows}×{@code cols} whose pixels
     * {@code body} streams, so that no array of the whole file is needed; atomically, like
     * {@link #writeImages(Path, IdxImages)}.
     *
     * @throws IllegalStateException if {@code body} writes other than count × rows × cols bytes (the file is not written)
     */
    public static void writeImages(Path file, int count, int rows, int cols, BodyWriter body) {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad IDX image dimensions " + count + "x" + rows + "x" + cols);
        }
        ByteBuffer header = ByteBuffer.allocate(IMAGES_HEADER_BYTES)
                .putInt(IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        writeAtomically(file, header.array(), (long) count * rows * cols, body);
    }

    /** Writes labels (each 0-255) as a gzipped IDX labels file, atomically. */
    public static void writeLabels(Path file, int[] labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " does not fit an unsigned byte");
            }
            bytes[i] = (byte) labels[i];
        }
        ByteBuffer header = ByteBuffer.allocate(LABELS_HEADER_BYTES).putInt(LABELS_MAGIC).putInt(labels.length);
        writeAtomically(file, header.array(), bytes.length, out -> out.write(bytes));
    }

    /** {@code dir/baseName.gz} if it exists, else {@code dir/baseName} if it exists. */
    static Optional<Path> find(Path dir, String baseName) {
        for (String name : new String[] {baseName + ".gz", baseName}) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The labels file beside an images file, by MNIST's naming: {@code X-images-idx3-ubyte} → {@code X-labels-idx1-ubyte}. */
    static Path labelsFileFor(Path imagesFile) {
        Path name = imagesFile.getFileName();
        Matcher m = IMAGES_NAME.matcher(name == null ? "" : name.toString());
        if (!m.matches()) {
            throw new BadInputException("cannot tell which labels go with " + imagesFile
                    + ": expected an images file named like NAME-images-idx3-ubyte[.gz]");
        }
        String labelsName = m.group(1) + "labels" + m.group(2) + "idx1-ubyte";
        Path dir = imagesFile.getParent();
        return find(dir == null ? Path.of("") : dir, labelsName).orElseThrow(() -> new BadInputException(
                "no labels file for " + imagesFile + ": expected " + labelsName + ".gz or " + labelsName + " beside it"));
    }

    /** Checks the magic number (first, so that a wrong file is named as such however short), then reads the sizes. */
    private static ByteBuffer readHeader(InputStream in, Path file, int magic, int headerBytes, String kind)
            throws IOException {
        byte[] header = in.readNBytes(headerBytes);
        if (header.length >= Integer.BYTES) {
            int found = ByteBuffer.wrap(header).getInt();
            if (found != magic) {
                String other = found == IMAGES_MAGIC ? " (an images file)" : found == LABELS_MAGIC ? " (a labels file)" : "";
                throw new BadInputException(file + " is not an IDX " + kind + " file: magic number " + found + other
                        + ", expected " + magic);
            }
        }
        if (header.length < headerBytes) {
            throw new BadInputException(file + " is truncated: too short for an IDX " + kind + " header");
        }
        return ByteBuffer.wrap(header, Integer.BYTES, headerBytes - Integer.BYTES);
    }

    /**
     * Exactly {@code size} bytes, then the end of the file (reaching it also checks a gzip file's CRC). The buffer
     * grows as bytes arrive, so a header promising more than the file holds costs no more memory than the file.
     */
    private static byte[] readBody(InputStream in, Path file, int size, String promised) throws IOException {
        byte[] body = in.readNBytes(size);
        if (body.length < size) {
            throw new BadInputException(file + " is truncated: its header promises " + promised
                    + " but it ends " + (size - body.length) + " bytes early");
        }
        if (in.read() != -1) {
            throw new BadInputException(file + " has more data than its header describes (" + promised + ")");
        }
        return body;
    }

    /** Writes header then body, gzipped, to a temp file renamed over {@code file} once exactly {@code bodyBytes} arrived. */
    private static void writeAtomically(Path file, byte[] header, long bodyBytes, BodyWriter body) {
        Path target = file.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new BadInputException("cannot write " + file + ": folder " + target.getParent() + " does not exist");
        }
        AtomicFiles.write(file, out -> {
            GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
            gzip.write(header);
            CountingStream counted = new CountingStream(gzip);
            body.writeTo(counted);
            if (counted.count != bodyBytes) {
                throw new IllegalStateException("the header of " + file + " promises " + bodyBytes
                        + " bytes after it, but " + counted.count + " were written");
            }
            gzip.finish();
        });
    }

    /** Counts what passes through, so that a streamed body is checked against its header. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // the caller closes the gzip stream once the count is checked
        }
    }
}
