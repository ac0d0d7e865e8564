package nndl4j.backend;

/**
 * Non-overlapping max-pooling (Theano's {@code pool_2d} with {@code ignore_border=True}) of {@code channels} maps of
 * {@code height × width} by {@code poolHeight × poolWidth} windows; rows and columns that do not fill a window are
 * dropped. The pooled maps are {@link #pooledHeight} × {@link #pooledWidth}.
 */
public record Pooling(int channels, int height, int width, int poolHeight, int poolWidth) {
    public Pooling {
        if (channels < 1 || poolHeight < 1 || poolWidth < 1 || height < poolHeight || width < poolWidth) {
            throw new IllegalArgumentException("invalid pooling: " + poolHeight + "×" + poolWidth + " windows over "
                    + channels + "×" + height + "×" + width + " maps (a window must fit inside a map)");
        }
    }

    public int pooledHeight() {
        return height / poolHeight;
    }

    public int pooledWidth() {
        return width / poolWidth;
    }

    /** Values per sample before pooling: channels · height · width. */
    public int inputSize() {
        return Math.multiplyExact(channels, height * width);
    }

    /** Values per sample after pooling: channels · pooledHeight · pooledWidth. */
    public int outputSize() {
        return channels * pooledHeight() * pooledWidth();
    }
}
