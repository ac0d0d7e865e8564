package nndl4j.data;

import nndl4j.BadInputException;

/** The rule for pixels a data file gives as floats: each a number in [0, 1], as the book's mnist.pkl.gz holds them. */
final class Pixels {
    private Pixels() {
    }

    /**
     * Rejects the first pixel that is NaN, infinite or outside [0, 1], naming its image (images of
     * {@code imageSize} pixels, one after another) in {@code source}. Values of 0-255 are not scaled: a file of them
     * is more likely a mistake than a convention, and the hint says what to do.
     */
    static void requireUnitRange(float[] pixels, int imageSize, String source) {
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (v >= 0 && v <= 1) {
                continue;
            }
            String where = source + ": image " + i / imageSize + ", pixel " + i % imageSize + " is " + v;
            if (!Float.isFinite(v)) {
                throw new BadInputException(where + ", not a finite number");
            }
            throw new BadInputException(where + ", outside [0, 1]",
                    v > 1 && v <= 255 ? "pixels of 0-255 must be divided by 255 (or stored as uint8, which is scaled)" : null);
        }
    }
}
