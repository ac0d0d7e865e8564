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
import java.util.function.Function;

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
        List<Function<Shape, Layer>> parsed = parse(text);
        List<Layer> layers = new ArrayList<>();
        Shape given = input; // what the layer before gives: an image for a conv layer, flattened for the others
        for (Function<Shape, Layer> layer : parsed) {
            layers.add(layer.apply(given));
            Layer made = layers.get(layers.size() - 1);
            given = made instanceof ConvPoolLayer conv ? conv.outputShape() : Shape.flat(made.outputSize());
        }
        return layers;
    }

    /**
     * Checks {@code text} as far as it can be without the data's shape (the layer forms, sizes, options and order),
     * so that a mistake is reported before the data loads; whether the filters and pools fit is checked by
     * {@link #layers}.
     */
    static void check(String text) {
        parse(text);
    }

    /** Each layer of {@code text}, parsed, as a function of the shape the layer before gives. */
    private static List<Function<Shape, Layer>> parse(String text) {
        String[] items = text.split(",", -1);
        List<Function<Shape, Layer>> layers = new ArrayList<>();
        boolean afterFullyConnected = false;
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            boolean isConv = item.startsWith("conv:") || item.equals("conv");
            if (i > 0 && items[i - 1].trim().startsWith("softmax")) {
                throw bad("softmax can only be the last layer in --layers '" + text + "'");
            }
            if (isConv && afterFullyConnected) {
                throw bad("layer '" + item + "' in --layers '" + text + "' follows a fully connected layer; a conv layer takes "
                        + "the input image or the maps of a conv layer, so put the conv layers first");
            }
            layers.add(isConv ? conv(item, i) : layer(item, text));
            afterFullyConnected |= !isConv;
        }
        if (!items[items.length - 1].trim().startsWith("softmax:")) {
            throw bad("the last layer in --layers '" + text + "' must be softmax:N (network3's output layer)");
        }
        return layers;
    }

    /** {@code conv:FILTERS:HxW[:pool=PHxPW][:ACTIVATION]}, to convolve the image the layer before gives. */
    private static Function<Shape, Layer> conv(String item, int index) {
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
        PoolSize poolSize = pool != null ? pool : new PoolSize(2, 2);
        Activation f = activation != null ? activation : Activation.SIGMOID;
        return image -> {
            try {
                return new ConvPoolLayer(new FilterShape(filters, image.channels(), filter[0], filter[1]), image, poolSize, f);
            } catch (BadInputException e) { // the filter or the pool does not fit: say which layer
                throw bad("layer " + (index + 1) + " '" + item + "' in --layers: " + e.getMessage()
                        + (index == 0 ? " (the input)" : " (the maps of layer " + index + ")"));
            }
        };
    }

    /** {@code fc:N[:ACTIVATION][:dropout=P]} or {@code softmax:N[:dropout=P]}, taking what the layer before gives. */
    private static Function<Shape, Layer> layer(String item, String text) {
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
        Activation f = activation;
        double p = pDropout;
        return type.equals("fc") ? given -> new FullyConnectedLayer(given.size(), size, f, p)
                : given -> new SoftmaxLayer(given.size(), size, p);
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
