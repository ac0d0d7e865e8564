package nndl4j.backend;

/**
 * The geometry of a 'valid' true convolution (Theano's {@code conv2d}, which flips the filters): input maps of
 * {@code channels × height × width}, filters of {@code channels × kernelHeight × kernelWidth}, output maps of
 * {@link #outHeight} × {@link #outWidth}. A sample's maps are one column in (channel, row, column) order.
 */
public record Convolution(int channels, int height, int width, int kernelHeight, int kernelWidth) {
    public Convolution {
        if (channels < 1 || kernelHeight < 1 || kernelWidth < 1 || height < kernelHeight || width < kernelWidth) {
            throw new IllegalArgumentException("invalid convolution: " + kernelHeight + "×" + kernelWidth + " filters over "
                    + channels + "×" + height + "×" + width + " maps (a filter must fit inside a map)");
        }
    }

    public int outHeight() {
        return height - kernelHeight + 1;
    }

    public int outWidth() {
        return width - kernelWidth + 1;
    }

    /** Output positions per map: outHeight · outWidth. */
    public int positions() {
        return outHeight() * outWidth();
    }

    /** Values per sample: channels · height · width. */
    public int inputSize() {
        return Math.multiplyExact(channels, height * width);
    }

    /** Values per patch (one column of im2col): channels · kernelHeight · kernelWidth. */
    public int patchSize() {
        return channels * kernelHeight * kernelWidth;
    }
}
