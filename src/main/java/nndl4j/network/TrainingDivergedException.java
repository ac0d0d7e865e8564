package nndl4j.network;

import nndl4j.BadInputException;

/** The weights became NaN or infinite: almost always a learning rate that is too large. */
public final class TrainingDivergedException extends BadInputException {
    private final int epoch;

    TrainingDivergedException(int epoch, double eta, double lambda) {
        super("training diverged in epoch " + epoch + ": the weights became NaN or infinite",
                "try a smaller learning rate than eta=" + eta + " (for example " + eta / 4 + ")"
                        + (lambda > 0 ? " or a smaller lambda than " + lambda : ""));
        this.epoch = epoch;
    }

    /** The epoch (counted from 0, as the book prints them) in which the weights stopped being finite. */
    public int epoch() {
        return epoch;
    }
}
