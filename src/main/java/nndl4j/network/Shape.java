package nndl4j.network;

/** The shape of one sample as network3.py sees an image: channels × height × width, stored in that order. */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new nndl4j.BadInputException("invalid shape " + channels + "×" + height + "×" + width + ": every size must be at least 1");
        }
    }

    /** n values with no image structure: 1 × 1 × n. */
    public static Shape flat(int n) {
        return new Shape(1, 1, n);
    }

    public int size() {
        return Math.multiplyExact(Math.multiplyExact(channels, height), width);
    }

    @Override
    public String toString() {
        return channels + "×" + height + "×" + width;
    }
}
