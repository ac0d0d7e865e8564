package nndl4j.cli;

import nndl4j.BadInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The experiments of the book's chapter 6, named as the functions of Nielsen's {@code src/conv.py}, as
 * {@code train --preset NAME}: each one's layers and the hyperparameters of the chapter's text (where conv.py sweeps
 * λ, as in dbl_conv_relu, the text's value), and the test accuracy the book reports for it
 * (trained on MNIST's 50,000 training images, or their expansion, and tested on its 10,000 test images). All use
 * mini-batches of 10, as conv.py does.
 */
enum Preset {
    SHALLOW("fc:100:sigmoid,softmax:10", 60, 0.1, 0, false, "97.80%"),
    BASIC_CONV("conv:20:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10", 60, 0.1, 0, false, "98.78%"),
    DBL_CONV("conv:20:5x5:pool=2x2:sigmoid,conv:40:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10", 60, 0.1, 0, false, "99.06%"),
    DBL_CONV_RELU(Layers.DBL_CONV_RELU + ",fc:100:relu,softmax:10", 60, 0.03, 0.1, false, "99.23%"),
    EXPANDED_DATA(DBL_CONV_RELU.layers, 60, 0.03, 0.1, true, "99.37%"),
    EXPANDED_DATA_DOUBLE_FC(Layers.DBL_CONV_RELU + ",fc:100:relu,fc:100:relu,softmax:10", 60, 0.03, 0.1, true, "99.43%"),
    DOUBLE_FC_DROPOUT(Layers.DBL_CONV_RELU + ",fc:1000:relu:dropout=0.5,fc:1000:relu:dropout=0.5,softmax:10:dropout=0.5",
            40, 0.03, 0, true, "99.60% (an ensemble of five: 99.67%)");

    /** conv.py's mini_batch_size, the same for every experiment. */
    static final int BATCH_SIZE = 10;

    /** The layers the relu experiments share (an enum constant cannot name a static field of its own enum). */
    private static final class Layers {
        static final String DBL_CONV_RELU = "conv:20:5x5:pool=2x2:relu,conv:40:5x5:pool=2x2:relu";
    }

    /** The network, in {@code --layers} notation. */
    final String layers;
    final int epochs;
    final double eta;
    final double lambda;
    /** Trains on the expanded training data (the {@code expand} command's output), as the book's last experiments. */
    final boolean expandedData;
    /** The test accuracy the book reports. */
    final String bookAccuracy;

    Preset(String layers, int epochs, double eta, double lambda, boolean expandedData, String bookAccuracy) {
        this.layers = layers;
        this.epochs = epochs;
        this.eta = eta;
        this.lambda = lambda;
        this.expandedData = expandedData;
        this.bookAccuracy = bookAccuracy;
    }

    /** The name on the command line, e.g. {@code basic_conv} (conv.py's function names). */
    String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset spelled {@code name}, e.g. basic_conv; an error listing them all for any other name. */
    static Preset named(String name) {
        return Arrays.stream(values()).filter(p -> p.spelling().equals(name)).findFirst().orElseThrow(() -> new BadInputException("unknown preset '" + name + "' (expected "
                + Arrays.stream(values()).map(Preset::spelling).collect(Collectors.joining(", ")) + ")",
                "see 'nndl4j train --help' for what each one is"));
    }

    /**
     * The lines of {@code train --help} that list the presets: each one's name, the book's accuracy and
     * hyperparameters, then its layers, broken at commas to fit 80 columns.
     */
    static List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        for (Preset p : values()) {
            lines.add(String.format(Locale.ROOT, "  %-24s book %s", p.spelling(), p.bookAccuracy));
            lines.add("      " + p.epochs + " epochs, eta " + plain(p.eta) + ", lambda " + plain(p.lambda)
                    + (p.expandedData ? ", expanded training data" : "") + ":");
            StringBuilder line = new StringBuilder("      ");
            for (String layer : p.layers.split(",")) {
                if (line.length() + layer.length() + 1 > 78) {
                    lines.add(line.toString());
                    line = new StringBuilder("      ");
                }
                line.append(layer).append(',');
            }
            lines.add(line.substring(0, line.length() - 1));
        }
        return lines;
    }

    /** 0.1 as 0.1, 0 as 0. */
    private static String plain(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
