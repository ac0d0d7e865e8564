package nndl4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A numpy array read from a {@code .npy} file ({@link Npy}): its dtype as written ({@code descr}, e.g. {@code |u1},
 * {@code <i8}), its shape, and its data in C order. Only integer dtypes are read, so {@code kind} is 'i' or 'u'.
 * {@code data} is not copied: do not modify it.
 */
record NpyArray(String descr, char kind, int itemSize, ByteOrder order, int[] shape, byte[] data) {

    /** Entries along the first axis: the sample count of an images or labels array. */
    int length() {
        return shape.length == 0 ? 1 : shape[0];
    }

    boolean isUint8() {
        return kind == 'u' && itemSize == 1;
    }

    /** Every entry as a long (an unsigned 64-bit entry of 2^63 or more comes out negative). */
    long[] longs() {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(order);
        long[] out = new long[data.length / itemSize];
        boolean unsigned = kind == 'u';
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (itemSize) {
                case 1 -> unsigned ? buffer.get() & 0xffL : buffer.get();
                case 2 -> unsigned ? buffer.getShort() & 0xffffL : buffer.getShort();
                case 4 -> unsigned ? buffer.getInt() & 0xffffffffL : buffer.getInt();
                default -> buffer.getLong();
            };
        }
        return out;
    }

    /** Entry {@code value} as numpy prints it: unsigned 64-bit entries above 2^63 too. */
    String valueText(long value) {
        return kind == 'u' ? Long.toUnsignedString(value) : Long.toString(value);
    }

    /** Python's way of writing a shape: (5, 28, 28), (5,), (). */
    String shapeText() {
        String inside = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "(" + inside + (shape.length == 1 ? ",)" : ")");
    }
}
