package nndl4j.network;

import nndl4j.BadInputException;

/** network3.py's {@code filter_shape}: filters × input channels × height × width. */
public record FilterShape(int filters, int channels, int height, int width) {
    public FilterShape {
        if (filters < 1 || channels < 1 || height < 1 || width < 1) {
            throw new BadInputException("invalid filter shape " + filters + "×" + channels + "×" + height + "×" + width
                    + ": every size must be at least 1");
        }
    }

    /** Weights per filter: channels · height · width. */
    public int weightsPerFilter() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return filters + "×" + channels + "×" + height + "×" + width;
    }
}
