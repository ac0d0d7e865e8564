package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import nndl4j.network.ConvPoolLayer;
import nndl4j.network.FilterShape;
import nndl4j.network.FullyConnectedLayer;
import nndl4j.network.Layer;
import nndl4j.network.PoolSize;
import nndl4j.network.Shape;
import nndl4j.network.SoftmaxLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --layers} notation for network3.py's layers: comma-separated
 * {@code conv:FILTERS:HxW[:pool=PHxPW][:ACTIVATION]}, {@code fc:N[:ACTIVATION][:dropout=P]} and
 * {@code softmax:N[:dropout=P]}, the last one softmax, e.g. {@code conv:20:5x5:pool=2x2:relu,fc:100:relu,softmax:10}.
 * Activations default to sigmoid, pools to 2×2 and dropout to 0. A conv layer convolves the input image or the maps
 * of the conv layer before it (its channels are theirs); an fc or softmax layer takes everything the layer before
 * gives, flattened.
 */
final class LayerSpec {
    static final String EXAMPLE = "e.g. --layers conv:20:5x5:pool=2x2:relu,fc:100:relu,softmax:10 "
            + "(conv:FILTERS:HxW[:pool=PHxPW][:ACTIVATION], fc:N[:ACTIVATION][:dropout=P], softmax:N[:dropout=P]; "
            + "ACTIVATION sigmoid|tanh|relu|linear)";

    private LayerSpec() {
    }

    /** The shape the command line gives samples of {@code n} values: an MNIST image (1×28×28) for 784, else flat. */
    static Shape inputShape(int n) {
        return n == 28 * 28 ? new Shape(1, 28, 28) : Shape.flat(n);
    }

    /** The layers {@code text} describes, the first taking samples of shape {@code input}. */
    static List<Layer> layers(String text, Shape input) {
        String[] items = text.split(",", -1);
        List<Layer> layers = new ArrayList<>();
        Shape image = input; // what a conv layer here would convolve; null after an fc layer
        int nIn = input.size();
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            Layer layer = item.startsWith("conv:") || item.equals("conv") ? conv(item, image, i, text) : layer(item, nIn, text);
            if (layer instanceof SoftmaxLayer && i + 1 < items.length) {
                throw bad("softmax can only be the last layer in --layers '" + text + "'");
            }
            layers.add(layer);
            image = layer instanceof ConvPoolLayer conv ? conv.outputShape() : null;
            nIn = layer.outputSize();
        }
        if (!(layers.get(layers.size() - 1) instanceof SoftmaxLayer)) {
            throw bad("the last layer in --layers '" + text + "' must be softmax:N (network3's output layer)");
        }
        return layers;
    }

    /** {@code conv:FILTERS:HxW[:pool=PHxPW][:ACTIVATION]} over {@code image}, null where the layer before is not conv. */
    private static Layer conv(String item, Shape image, int index, String text) {
        if (image == null) {
            throw bad("layer '" + item + "' in --layers '" + text + "' follows a fully connected layer; a conv layer takes "
                    + "the input image or the maps of a conv layer, so put the conv layers first");
        }
        String[] parts = item.split(":", -1);
        if (parts.length < 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw bad("layer '" + item + "' in --layers needs a number of filters and a filter size, like conv:20:5x5");
        }
        int filters = size(parts[1], item);
        int[] filter = dimensions(parts[2], "filter size", item);
        PoolSize pool = null;
        Activation activation = null;
        for (int p = 3; p < parts.length; p++) {
            String option = parts[p];
            if (option.startsWith("pool=") && pool == null) {
                int[] window = dimensions(option.substring("pool=".length()), "pool size", item);
                pool = new PoolSize(window[0], window[1]);
            } else if (option.startsWith("dropout=")) {
                throw bad("a conv layer has no dropout (network3.py's ConvPoolLayer), in layer '" + item + "' of --layers");
            } else if (Activation.bySpelling(option).isPresent() && activation == null) {
                activation = Activation.bySpelling(option).get();
            } else if (option.startsWith("pool=") || Activation.bySpelling(option).isPresent()) {
                throw bad("unexpected second '" + option + "' in layer '" + item + "' of --layers");
            } else {
                throw bad("unknown option '" + option + "' in layer '" + item
                        + "' of --layers (expected pool=PHxPW or an activation: sigmoid, tanh, relu or linear)");
            }
        }
        try {
            return new ConvPoolLayer(new FilterShape(filters, image.channels(), filter[0], filter[1]), image,
                    pool != null ? pool : new PoolSize(2, 2), activation != null ? activation : Activation.SIGMOID);
        } catch (BadInputException e) { // the filter or the pool does not fit: say which layer
            throw bad("layer " + (index + 1) + " '" + item + "' in --layers: " + e.getMessage()
                    + (index == 0 ? " (the input)" : " (the maps of layer " + index + ")"));
        }
    }

    private static Layer layer(String item, int nIn, String text) {
        String[] parts = item.split(":", -1);
        String type = parts[0];
        if (!type.equals("fc") && !type.equals("softmax")) {
            throw bad("unknown layer type '" + type + "' in --layers '" + text + "' (expected conv, fc or softmax)");
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

    /** {@code HxW}, both positive integers. */
    private static int[] dimensions(String text, String what, String item) {
        String[] hw = text.split("x", -1);
        if (hw.length == 2) {
            try {
                int height = Integer.parseInt(hw[0]);
                int width = Integer.parseInt(hw[1]);
                if (height >= 1 && width >= 1) {
                    return new int[] {height, width};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw bad("invalid " + what + " '" + text + "' of layer '" + item
                + "' in --layers (expected HEIGHTxWIDTH, positive integers, like 5x5)");
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
