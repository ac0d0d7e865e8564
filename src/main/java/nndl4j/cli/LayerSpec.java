package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import nndl4j.network.FullyConnectedLayer;
import nndl4j.network.Layer;
import nndl4j.network.SoftmaxLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --layers} notation for network3.py's layers: comma-separated {@code fc:N[:ACTIVATION][:dropout=P]} and
 * {@code softmax:N[:dropout=P]}, the last one softmax, e.g. {@code fc:100:relu:dropout=0.5,softmax:10}. The
 * activation defaults to sigmoid and dropout to 0; each layer's input size is the previous layer's output size.
 */
final class LayerSpec {
    static final String EXAMPLE = "e.g. --layers fc:100:sigmoid,softmax:10 (fc:N[:sigmoid|tanh|relu|linear][:dropout=P], softmax:N[:dropout=P])";

    private LayerSpec() {
    }

    /** The layers {@code text} describes, the first taking {@code inputSize} values per sample. */
    static List<Layer> layers(String text, int inputSize) {
        String[] items = text.split(",", -1);
        List<Layer> layers = new ArrayList<>();
        int nIn = inputSize;
        for (int i = 0; i < items.length; i++) {
            Layer layer = layer(items[i].trim(), nIn, text);
            if (layer instanceof SoftmaxLayer && i + 1 < items.length) {
                throw bad("softmax can only be the last layer in --layers '" + text + "'");
            }
            layers.add(layer);
            nIn = layer.outputSize();
        }
        if (!(layers.get(layers.size() - 1) instanceof SoftmaxLayer)) {
            throw bad("the last layer in --layers '" + text + "' must be softmax:N (network3's output layer)");
        }
        return layers;
    }

    private static Layer layer(String item, int nIn, String text) {
        String[] parts = item.split(":", -1);
        String type = parts[0];
        if (!type.equals("fc") && !type.equals("softmax")) {
            throw bad("unknown layer type '" + type + "' in --layers '" + text + "' (expected fc or softmax)");
        }
        if (parts.length < 2 || parts[1].isEmpty()) {
            throw bad("layer '" + item + "' in --layers needs a size, like " + type + ":10");
        }
        int size = size(parts[1], item);
        Activation activation = Activation.SIGMOID;
        double pDropout = 0;
        for (int p = 2; p < parts.length; p++) {
            String option = parts[p];
            if (option.startsWith("dropout=")) {
                pDropout = dropout(option.substring("dropout=".length()), item);
            } else if (type.equals("fc") && p == 2) {
                activation = Activation.bySpelling(option).orElseThrow(() -> bad("unknown activation '" + option
                        + "' in layer '" + item + "' (expected sigmoid, tanh, relu or linear)"));
            } else {
                throw bad("unexpected '" + option + "' in layer '" + item + "' of --layers");
            }
        }
        return type.equals("fc") ? new FullyConnectedLayer(nIn, size, activation, pDropout)
                : new SoftmaxLayer(nIn, size, pDropout);
    }

    private static int size(String text, String item) {
        try {
            int size = Integer.parseInt(text);
            if (size >= 1) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad("invalid size '" + text + "' of layer '" + item + "' in --layers (expected a positive integer)");
    }

    private static double dropout(String text, String item) {
        try {
            double p = Double.parseDouble(text);
            if (p >= 0 && p < 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad("invalid dropout '" + text + "' of layer '" + item + "' in --layers (expected a probability in [0, 1))");
    }

    private static BadInputException bad(String message) {
        return new BadInputException(message, EXAMPLE);
    }
}
