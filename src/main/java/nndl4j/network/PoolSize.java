package nndl4j.network;

import nndl4j.BadInputException;

/** network3.py's {@code poolsize}: the height × width of the non-overlapping max-pooling windows. */
public record PoolSize(int height, int width) {
    public PoolSize {
        if (height < 1 || width < 1) {
            throw new BadInputException("invalid pool size " + height + "×" + width + ": every size must be at least 1");
        }
    }

    public int area() {
        return height * width;
    }

    @Override
    public String toString() {
        return height + "×" + width;
    }
}
