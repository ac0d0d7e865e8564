package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

import java.util.List;
import java.util.Optional;

/**
 * A cost function C(a, y) of the output activations a and the desired output y. Its gradient ∂C/∂a is a − y for
 * every cost here; the output error δᴸ = ∂C/∂a ⊙ f′(z) (BP1) then needs the output activation's derivative unless
 * it cancels: cross-entropy after a sigmoid and log-likelihood after a softmax give δᴸ = a − y.
 */
public interface Cost {

    /** The name model files use: network2.py's class names {@code QuadraticCost} and {@code CrossEntropyCost}, or {@code log-likelihood}. */
    String name();

    /** The command line's spelling: {@code quadratic}, {@code cross-entropy}, {@code log-likelihood}. */
    String spelling();

    /** Whether δᴸ = a − y, the output activation's derivative cancelling against the cost's gradient. */
    boolean outputDerivativeCancels();

    /** Σ over the columns of C(a[:,j], y[:,j]), on the backend. */
    double sum(Backend backend, Matrix a, Matrix y);

    /** Every cost. */
    static List<Cost> all() {
        return List.of(QuadraticCost.INSTANCE, CrossEntropyCost.INSTANCE, LogLikelihoodCost.INSTANCE);
    }

    /** The cost with this {@link #name} or {@link #spelling}. */
    static Optional<Cost> named(String name) {
        return all().stream().filter(c -> c.name().equals(name) || c.spelling().equals(name)).findFirst();
    }
}
