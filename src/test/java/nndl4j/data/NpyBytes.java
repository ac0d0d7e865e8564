package nndl4j.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-made .npy bytes, for headers numpy would not write. */
final class NpyBytes {
    private NpyBytes() {
    }

    /** The magic, format version {@code major}.0, the header's length and {@code header}, then {@code data}. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Npy.MAGIC);
        out.write(major);
        out.write(0);
        out.write(text.length & 0xff);
        out.write(text.length >> 8 & 0xff);
        if (major != 1) {
            out.write(0);
            out.write(0);
        }
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }
}
