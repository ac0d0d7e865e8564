package nndl4j.data;

/**
 * Images as stored in an IDX file: {@code count} images of {@code rows}×{@code cols} unsigned bytes, image after
 * image, each row-major. {@code pixels} is not copied: do not modify it after handing it over.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad IDX image dimensions " + count + "x" + rows + "x" + cols);
        }
        if (pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException(
                    "pixels hold " + pixels.length + " bytes, not " + count + "x" + rows + "x" + cols);
        }
    }

    /** Pixels per image: rows × cols. */
    public int imageSize() {
        return rows * cols;
    }

    /** Unsigned value (0-255) of pixel {@code p} of image {@code image}. */
    public int pixel(int image, int p) {
        return pixels[image * imageSize() + p] & 0xff;
    }

    /**
     * Images {@code from} (inclusive) to {@code to} (exclusive) scaled to [0,1] by /255, one image after another
     * (the column-major layout of {@link Dataset}).
     */
    public float[] scaled(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("images [" + from + ":" + to + "] out of range for " + count);
        }
        int size = imageSize();
        float[] out = new float[(to - from) * size];
        int offset = from * size;
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[offset + i] & 0xff) / 255f;
        }
        return out;
    }
}
