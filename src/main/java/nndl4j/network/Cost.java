package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

/**
 * A cost function, as in network2.py: {@code fn(a, y)} and the output error {@code delta(z, a, y)}.
 * Each cost also names the backend ops that compute the same two things for a whole mini-batch.
 */
public interface Cost {

    /** The class name network2.py writes into saved models: {@code QuadraticCost} or {@code CrossEntropyCost}. */
    String name();

    /** The cost of output {@code a} against the desired output {@code y}. */
    double fn(float[] a, float[] y);

    /** The output layer's error δᴸ (BP1) for one sample. */
    float[] delta(float[] z, float[] a, float[] y);

    /** δᴸ for every column of a mini-batch, on the backend. */
    void outputDelta(Backend backend, Matrix a, Matrix y, Matrix delta);

    /** Σ over columns of fn(a, y), on the backend. */
    double sum(Backend backend, Matrix a, Matrix y);

    /** The cost with the given network2.py name. */
    static Cost byName(String name) {
        return switch (name) {
            case "QuadraticCost" -> QuadraticCost.INSTANCE;
            case "CrossEntropyCost" -> CrossEntropyCost.INSTANCE;
            default -> throw new nndl4j.BadInputException(
                    "unknown cost '" + name + "' (expected QuadraticCost or CrossEntropyCost)");
        };
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }
}
