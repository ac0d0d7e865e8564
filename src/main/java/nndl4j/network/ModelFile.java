package nndl4j.network;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nndl4j.AtomicFiles;
import nndl4j.BadInputException;
import nndl4j.backend.Activation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two model files.
 * <ul>
 * <li>network2.py's: {@code {"sizes": [...], "weights": [layer][out][in], "biases": [layer][out][1], "cost":
 * "CrossEntropyCost" | "QuadraticCost"}}, plus {@code "activation"} when the hidden layers are not sigmoid (which
 * network2.py ignores). Files written by the book's {@code save} load here and files written here load in the
 * book's {@code load}.</li>
 * <li>Layered networks': {@code {"format": "nndl4j-layers", "version": 1, "input": [channels, height, width],
 * "cost": "log-likelihood", "layers": [{"type": "fully-connected" | "softmax", "n_in", "n_out", "activation"
 * (fully-connected only), "p_dropout", "w": n_in rows of n_out, "b": n_out} | {"type": "conv-pool",
 * "filter_shape": [f, c, h, w], "image_shape": [c, h, w], "pool_size": [ph, pw], "activation", "w": f × c × h × w,
 * "b": f}]}}, {@code w} and {@code b} as network3.py holds them (a dense layer's output = x·w + b; a conv-pool
 * layer's w in true-convolution orientation, loadable into its ConvPoolLayer.w as is).</li>
 * </ul>
 * Every weight and bias read must be a finite float32: NaN, Infinity (which Python's json module writes for them)
 * and numbers beyond float32's range are errors naming the entry.
 */
final class ModelFile {
    static final String LAYERS_FORMAT = "nndl4j-layers";
    /** Deeper than any model file nests (a conv-pool layer's w is 7 levels down); Jackson's default is 1000. */
    static final int MAX_NESTING = 64;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            // NaN and Infinity read as numbers, so that the error can say which weight holds one
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build());

    private ModelFile() {
    }

    // ---- writing ----

    static void save(Network net, Path file) {
        float[][][] weights = net.weights();
        float[][] biases = net.biases();
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeArrayFieldStart("sizes");
                for (int n : net.sizes()) {
                    g.writeNumber(n);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("weights");
                for (float[][] layer : weights) {
                    g.writeStartArray();
                    for (float[] row : layer) {
                        writeFloats(g, row);
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("biases");
                for (float[] layer : biases) {
                    g.writeStartArray();
                    for (float b : layer) {
                        writeFloats(g, new float[] {b});
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeStringField("cost", net.cost().name());
                if (net.activation() != Activation.SIGMOID) {
                    g.writeStringField("activation", net.activation().spelling());
                }
                g.writeEndObject();
            }
        });
    }

    static void save(LayeredNetwork net, Path file) {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("format", LAYERS_FORMAT);
                g.writeNumberField("version", 1);
                Shape in = net.inputShape();
                writeInts(g, "input", in.channels(), in.height(), in.width());
                g.writeStringField("cost", net.cost().name());
                g.writeArrayFieldStart("layers");
                for (Layer layer : net.layers()) {
                    g.writeStartObject();
                    if (layer instanceof ConvPoolLayer conv) {
                        writeConvPool(g, conv);
                    } else {
                        writeDense(g, (DenseLayer) layer);
                    }
                    g.writeFieldName("b");
                    writeFloats(g, layer instanceof ConvPoolLayer conv ? conv.biases() : ((DenseLayer) layer).biases());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }

    private static void writeDense(JsonGenerator g, DenseLayer layer) throws IOException {
        if (layer instanceof FullyConnectedLayer fc) {
            g.writeStringField("type", "fully-connected");
            g.writeNumberField("n_in", fc.inputSize());
            g.writeNumberField("n_out", fc.outputSize());
            g.writeStringField("activation", fc.activation().spelling());
        } else {
            g.writeStringField("type", "softmax");
            g.writeNumberField("n_in", layer.inputSize());
            g.writeNumberField("n_out", layer.outputSize());
        }
        g.writeNumberField("p_dropout", layer.pDropout());
        g.writeArrayFieldStart("w");
        for (float[] row : layer.weights()) {
            writeFloats(g, row);
        }
        g.writeEndArray();
    }

    private static void writeConvPool(JsonGenerator g, ConvPoolLayer conv) throws IOException {
        FilterShape f = conv.filterShape();
        Shape image = conv.imageShape();
        g.writeStringField("type", "conv-pool");
        writeInts(g, "filter_shape", f.filters(), f.channels(), f.height(), f.width());
        writeInts(g, "image_shape", image.channels(), image.height(), image.width());
        writeInts(g, "pool_size", conv.poolSize().height(), conv.poolSize().width());
        g.writeStringField("activation", conv.activation().spelling());
        g.writeArrayFieldStart("w");
        for (float[][][] filter : conv.weights()) {
            g.writeStartArray();
            for (float[][] channel : filter) {
                g.writeStartArray();
                for (float[] row : channel) {
                    writeFloats(g, row);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void writeInts(JsonGenerator g, String field, int... values) throws IOException {
        g.writeArrayFieldStart(field);
        for (int v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    /** Float.toString is the shortest text that reads back as the same float32, so files stay small and exact. */
    private static void writeFloats(JsonGenerator g, float[] values) throws IOException {
        g.writeStartArray();
        for (float v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    // ---- reading ----

    /** Either kind of model, told apart by the {@code "format"} field. */
    static Model load(Path file) {
        JsonNode root = readRoot(file);
        return isLayered(root) ? layered(file, root) : network2(file, root);
    }

    static Network loadNetwork(Path file) {
        JsonNode root = readRoot(file);
        if (isLayered(root)) {
            throw new BadInputException(file + " holds a layered network (" + LAYERS_FORMAT + "), not a network2 one",
                    "load it with LayeredNetwork.load or Model.load; on the command line use --layers");
        }
        return network2(file, root);
    }

    static LayeredNetwork loadLayered(Path file) {
        JsonNode root = readRoot(file);
        if (!isLayered(root)) {
            throw new BadInputException(file + " holds a network2 network (sizes, weights, biases), not a layered one",
                    "load it with Network.load or Model.load");
        }
        return layered(file, root);
    }

    private static boolean isLayered(JsonNode root) {
        return root.has("format");
    }

    private static JsonNode readRoot(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new BadInputException("model file not found: " + file);
        } catch (StreamConstraintsException e) {
            throw invalid(file, "the JSON goes past the reader's limits (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadInputException(file + ": not valid JSON (" + e.getOriginalMessage()
                    + (at != null ? " at line " + at.getLineNr() : "") + ")");
        } catch (IOException e) {
            throw new BadInputException("cannot read model file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "expected a JSON object (network2.py's sizes, weights, biases and cost, or an "
                    + LAYERS_FORMAT + " file)");
        }
        return root;
    }

    private static Network network2(Path file, JsonNode root) {
        int[] sizes = readSizes(file, field(file, root, "sizes"));
        String costName = BadInputException.oneLine(field(file, root, "cost").asText());
        Cost cost = Cost.named(costName).filter(c -> c == QuadraticCost.INSTANCE || c == CrossEntropyCost.INSTANCE)
                .orElseThrow(() -> invalid(file, "unknown cost '" + costName + "' (expected QuadraticCost or CrossEntropyCost)"));
        Activation activation = root.has("activation") ? activation(file, root.get("activation"), "\"activation\"") : Activation.SIGMOID;
        JsonNode weightsNode = field(file, root, "weights");
        JsonNode biasesNode = field(file, root, "biases");
        int layers = sizes.length - 1;
        checkLength(file, "weights", weightsNode, layers, sizes);
        checkLength(file, "biases", biasesNode, layers, sizes);
        float[][][] weights = new float[layers][][];
        float[][] biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            String where = "weights[" + l + "]";
            JsonNode layer = weightsNode.get(l);
            checkLength(file, where, layer, sizes[l + 1], sizes);
            weights[l] = new float[sizes[l + 1]][];
            for (int j = 0; j < sizes[l + 1]; j++) {
                JsonNode row = layer.get(j);
                checkLength(file, where + "[" + j + "]", row, sizes[l], sizes);
                weights[l][j] = readFloats(file, where + "[" + j + "]", row);
            }
            where = "biases[" + l + "]";
            JsonNode bias = biasesNode.get(l);
            checkLength(file, where, bias, sizes[l + 1], sizes);
            biases[l] = new float[sizes[l + 1]];
            for (int j = 0; j < sizes[l + 1]; j++) {
                JsonNode cell = bias.get(j);
                checkLength(file, where + "[" + j + "]", cell, 1, sizes);
                biases[l][j] = readFloats(file, where + "[" + j + "]", cell)[0];
            }
        }
        return new Network(sizes, cost, activation, weights, biases);
    }

    private static LayeredNetwork layered(Path file, JsonNode root) {
        String format = BadInputException.oneLine(root.get("format").asText());
        if (!format.equals(LAYERS_FORMAT)) {
            throw invalid(file, "unknown format '" + format + "' (expected " + LAYERS_FORMAT + ")");
        }
        JsonNode version = field(file, root, "version");
        if (!version.isIntegralNumber() || version.asInt() != 1) {
            throw invalid(file, "unsupported version " + version + " (this nndl4j reads version 1)");
        }
        String cost = BadInputException.oneLine(field(file, root, "cost").asText());
        if (!cost.equals(LogLikelihoodCost.INSTANCE.name())) {
            throw invalid(file, "unknown cost '" + cost + "' (a layered network's cost is log-likelihood)");
        }
        int[] shape = positiveInts(file, "\"input\"", field(file, root, "input"), 3);
        if ((long) shape[0] * shape[1] * shape[2] > Integer.MAX_VALUE) {
            throw invalid(file, "\"input\" " + Arrays.toString(shape) + " holds more values than one array");
        }
        Shape input = new Shape(shape[0], shape[1], shape[2]);
        JsonNode layersNode = field(file, root, "layers");
        if (!layersNode.isArray() || layersNode.isEmpty()) {
            throw invalid(file, "\"layers\" must be a non-empty list");
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < layersNode.size(); l++) {
            layers.add(layer(file, "layers[" + l + "]", layersNode.get(l)));
        }
        try {
            return new LayeredNetwork(input, layers, new java.util.Random().nextLong());
        } catch (BadInputException e) {
            throw invalid(file, e.getMessage());
        }
    }

    private static Layer layer(Path file, String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid(file, where + " must be an object");
        }
        String type = BadInputException.oneLine(field(file, node, "type").asText());
        if (type.equals("conv-pool")) {
            return convPool(file, where, node);
        }
        int[] sizes = {positiveInt(file, where + ".n_in", field(file, node, "n_in")),
                positiveInt(file, where + ".n_out", field(file, node, "n_out"))};
        int nIn = sizes[0], nOut = sizes[1];
        if ((long) nIn * nOut > Integer.MAX_VALUE) {
            throw invalid(file, where + " has " + nIn + "×" + nOut + " weights, more than one array holds");
        }
        JsonNode p = field(file, node, "p_dropout");
        if (!p.isNumber() || !(p.asDouble() >= 0 && p.asDouble() < 1)) {
            throw invalid(file, where + ".p_dropout must be a number in [0, 1), got " + p);
        }
        JsonNode wNode = field(file, node, "w");
        checkLength(file, where + ".w", wNode, nIn, sizes);
        // rows first: n_in × n_out is allocated only once the file holds that many entries
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < nIn; i++) {
            JsonNode row = wNode.get(i);
            checkLength(file, where + ".w[" + i + "]", row, nOut, sizes);
            rows.add(readFloats(file, where + ".w[" + i + "]", row));
        }
        float[] w = concat(rows);
        JsonNode bNode = field(file, node, "b");
        checkLength(file, where + ".b", bNode, nOut, sizes);
        float[] b = readFloats(file, where + ".b", bNode);
        return switch (type) {
            case "fully-connected" -> new FullyConnectedLayer(nIn, nOut,
                    activation(file, field(file, node, "activation"), where + ".activation"), p.asDouble(), w, b);
            case "softmax" -> new SoftmaxLayer(nIn, nOut, p.asDouble(), w, b);
            default -> throw invalid(file, where + ".type '" + type + "' is not a layer type (expected conv-pool, fully-connected or softmax)");
        };
    }

    private static Layer convPool(Path file, String where, JsonNode node) {
        int[] f = positiveInts(file, where + ".filter_shape", field(file, node, "filter_shape"), 4);
        int[] image = positiveInts(file, where + ".image_shape", field(file, node, "image_shape"), 3);
        int[] pool = positiveInts(file, where + ".pool_size", field(file, node, "pool_size"), 2);
        if ((long) f[0] * f[1] * f[2] * f[3] > Integer.MAX_VALUE || (long) image[0] * image[1] * image[2] > Integer.MAX_VALUE) {
            throw invalid(file, where + " is larger than one array holds");
        }
        Activation activation = activation(file, field(file, node, "activation"), where + ".activation");
        String because = "filter_shape " + Arrays.toString(f) + " needs";
        JsonNode filters = field(file, node, "w");
        // rows first: the filters are allocated only once the file holds that many entries
        List<float[]> rows = new ArrayList<>();
        checkLength(file, where + ".w", filters, f[0], because);
        for (int k = 0; k < f[0]; k++) {
            JsonNode filter = filters.get(k);
            checkLength(file, where + ".w[" + k + "]", filter, f[1], because);
            for (int c = 0; c < f[1]; c++) {
                JsonNode channel = filter.get(c);
                String channelPath = where + ".w[" + k + "][" + c + "]";
                checkLength(file, channelPath, channel, f[2], because);
                for (int i = 0; i < f[2]; i++) {
                    checkLength(file, channelPath + "[" + i + "]", channel.get(i), f[3], because);
                    rows.add(readFloats(file, channelPath + "[" + i + "]", channel.get(i)));
                }
            }
        }
        float[] w = concat(rows);
        JsonNode bNode = field(file, node, "b");
        checkLength(file, where + ".b", bNode, f[0], because);
        try {
            return new ConvPoolLayer(new FilterShape(f[0], f[1], f[2], f[3]), new Shape(image[0], image[1], image[2]),
                    new PoolSize(pool[0], pool[1]), activation, w, readFloats(file, where + ".b", bNode));
        } catch (BadInputException e) {
            throw invalid(file, where + ": " + e.getMessage());
        }
    }

    private static Activation activation(Path file, JsonNode node, String where) {
        return Activation.bySpelling(node.asText()).orElseThrow(() ->
                invalid(file, where + " '" + BadInputException.oneLine(node.asText())
                        + "' is not an activation (expected sigmoid, tanh, relu or linear)"));
    }

    private static JsonNode field(Path file, JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            throw invalid(file, "missing \"" + name + "\"");
        }
        return node;
    }

    private static int[] readSizes(Path file, JsonNode node) {
        if (!node.isArray() || node.size() < 2) {
            throw invalid(file, "\"sizes\" must be a list of at least two layer sizes");
        }
        return positiveInts(file, "\"sizes\"", node, node.size());
    }

    private static int[] positiveInts(Path file, String where, JsonNode node, int count) {
        if (!node.isArray() || node.size() != count) {
            throw invalid(file, where + " must be a list of " + count + " positive integers");
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = positiveInt(file, where + "[" + i + "]", node.get(i));
        }
        return values;
    }

    private static int positiveInt(Path file, String where, JsonNode n) {
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
            throw invalid(file, where + " must be a positive integer, got " + n);
        }
        return n.asInt();
    }

    private static void checkLength(Path file, String where, JsonNode node, int expected, int[] sizes) {
        checkLength(file, where, node, expected, "sizes " + Arrays.toString(sizes) + " need");
    }

    /** {@code node} is a list of {@code expected} entries, as {@code because} (e.g. "filter_shape [..] needs") says. */
    private static void checkLength(Path file, String where, JsonNode node, int expected, String because) {
        if (node == null || !node.isArray()) {
            throw invalid(file, where + " must be a list");
        }
        if (node.size() != expected) {
            throw invalid(file, where + " has " + node.size() + " entries but " + because + " " + expected);
        }
    }

    /** The entries of a list already checked to be one, each a finite float32 (e.g. 1e300 rounds to Infinity). */
    private static float[] readFloats(Path file, String where, JsonNode row) {
        float[] values = new float[row.size()];
        for (int k = 0; k < values.length; k++) {
            JsonNode v = row.get(k);
            if (!v.isNumber()) {
                throw invalid(file, where + "[" + k + "] is " + v + ", not a number");
            }
            float value = (float) v.asDouble();
            if (!Float.isFinite(value)) {
                // Jackson writes a NaN node as the string "NaN"
                String number = v.isFloatingPointNumber() ? Double.toString(v.doubleValue()) : v.toString();
                throw invalid(file, where + "[" + k + "] is " + number + ", not a finite float32");
            }
            values[k] = value;
        }
        return values;
    }

    private static float[] concat(List<float[]> rows) {
        float[] all = new float[rows.stream().mapToInt(r -> r.length).sum()];
        int at = 0;
        for (float[] row : rows) {
            System.arraycopy(row, 0, all, at, row.length);
            at += row.length;
        }
        return all;
    }

    private static BadInputException invalid(Path file, String problem) {
        return new BadInputException("invalid model file " + file + ": " + problem);
    }
}
