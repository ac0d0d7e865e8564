package nndl4j.network;

import java.util.Random;

/** network2.py's two ways to draw the starting weights and biases. */
enum WeightInitializer {
    /** Weights N(0, 1)/√n_in, biases N(0, 1): keeps hidden neurons out of saturation (chapter 3). */
    DEFAULT,
    /** Weights and biases N(0, 1), as network.py does (chapter 1). */
    LARGE;

    /**
     * Fills the column-major out×in weight matrices and the bias vectors of every layer. All biases
     * are drawn before the weights, in the book's order, so a seed gives the same network every time.
     */
    void initialize(int[] sizes, Random random, float[][] weights, float[][] biases) {
        for (int l = 0; l + 1 < sizes.length; l++) {
            biases[l] = Gaussian.draw(sizes[l + 1], 1.0, random);
        }
        for (int l = 0; l + 1 < sizes.length; l++) {
            double scale = this == DEFAULT ? 1.0 / Math.sqrt(sizes[l]) : 1.0;
            weights[l] = Gaussian.draw(sizes[l + 1] * sizes[l], scale, random);
        }
    }
}
