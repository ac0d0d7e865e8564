package nndl4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** IDX files built by hand from the format's description, independently of {@link Idx}'s writer. */
final class IdxBytes {
    private IdxBytes() {
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return bytes(out -> {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        });
    }

    static byte[] labels(int... labels) {
        return bytes(out -> {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        });
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** count images of rows×cols with pixel p of image i = (i * 7 + p) % 256, and their labels i % 10. */
    static void writeSet(Path dir, String prefix, int count, int rows, int cols) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                pixels[i * rows * cols + p] = (byte) pixelValue(i, p);
            }
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(images(count, rows, cols, pixels)));
        write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(labels(labels)));
    }

    static int pixelValue(int image, int pixel) {
        return (image * 7 + pixel) % 256;
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
