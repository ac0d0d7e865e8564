package nndl4j.network;

import java.util.Random;

/** Draws of N(0, scale²), as numpy's {@code np.random.normal(0, scale, n)} in the book's initialisers. */
final class Gaussian {
    private Gaussian() {
    }

    static float[] draw(int count, double scale, Random random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }
}
