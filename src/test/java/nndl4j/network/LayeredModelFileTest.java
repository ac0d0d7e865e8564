package nndl4j.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nndl4j-layers file, network2 files with an activation, and telling the two apart. */
class LayeredModelFileTest {
    @TempDir
    Path dir;

    private static LayeredNetwork sample() {
        return new LayeredNetwork(new Shape(1, 3, 2), List.of(new FullyConnectedLayer(6, 4, Activation.RELU, 0.25),
                new SoftmaxLayer(4, 3, 0.5)), 5);
    }

    @Test
    void savesNetwork3sLayoutAndLoadsBitForBit() throws IOException {
        LayeredNetwork net = sample();
        Path file = dir.resolve("layers.json");
        net.save(file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("nndl4j-layers", root.get("format").asText());
        assertEquals(1, root.get("version").asInt());
        assertEquals("[1,3,2]", root.get("input").toString());
        assertEquals("log-likelihood", root.get("cost").asText());
        JsonNode fc = root.get("layers").get(0);
        assertEquals("fully-connected", fc.get("type").asText());
        assertEquals("relu", fc.get("activation").asText());
        assertEquals(0.25, fc.get("p_dropout").asDouble());
        assertEquals(6, fc.get("w").size(), "w is n_in rows ...");
        assertEquals(4, fc.get("w").get(0).size(), "... of n_out numbers");
        float[][] w = ((DenseLayer) net.layers().get(0)).weights();
        assertEquals(w[5][3], (float) fc.get("w").get(5).get(3).asDouble(), "w[i][o] from input i to output o");
        JsonNode softmax = root.get("layers").get(1);
        assertEquals("softmax", softmax.get("type").asText());
        assertFalse(softmax.has("activation"));

        LayeredNetwork back = LayeredNetwork.load(file);
        assertEquals(net.describe(), back.describe());
        assertEquals(new Shape(1, 3, 2), back.inputShape());
        for (int l = 0; l < 2; l++) {
            DenseLayer a = (DenseLayer) net.layers().get(l), b = (DenseLayer) back.layers().get(l);
            assertArrayEquals(a.biases(), b.biases());
            for (int i = 0; i < a.nIn; i++) {
                assertArrayEquals(a.weights()[i], b.weights()[i]);
            }
        }
        float[] x = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        assertArrayEquals(net.feedforward(x), back.feedforward(x));
        assertInstanceOf(LayeredNetwork.class, Model.load(file));
    }

    @Test
    void savesConvPoolLayersAsNetwork3sFilterShapeAndLoadsBitForBit() throws IOException {
        ConvPoolLayer first = new ConvPoolLayer(new FilterShape(3, 2, 3, 2), new Shape(2, 8, 7), new PoolSize(2, 3), Activation.TANH);
        ConvPoolLayer second = new ConvPoolLayer(new FilterShape(2, 3, 2, 1), first.outputShape());
        LayeredNetwork net = new LayeredNetwork(List.of(first, second, new SoftmaxLayer(second.outputSize(), 4)), 8);
        Path file = dir.resolve("conv.json");
        net.save(file);
        JsonNode conv = new ObjectMapper().readTree(file.toFile()).get("layers").get(0);
        assertEquals("conv-pool", conv.get("type").asText());
        assertEquals("[3,2,3,2]", conv.get("filter_shape").toString());
        assertEquals("[2,8,7]", conv.get("image_shape").toString());
        assertEquals("[2,3]", conv.get("pool_size").toString());
        assertEquals("tanh", conv.get("activation").asText());
        assertFalse(conv.has("p_dropout"), "network3.py's ConvPoolLayer has no dropout");
        float[][][][] w = first.weights();
        assertEquals(w[2][1][2][0], (float) conv.get("w").get(2).get(1).get(2).get(0).asDouble(), "w[filter][channel][row][column]");
        assertEquals(3, conv.get("b").size());
        assertEquals("[2,8,7]", new ObjectMapper().readTree(file.toFile()).get("input").toString(), "the input is the first layer's image");

        LayeredNetwork back = LayeredNetwork.load(file);
        assertEquals(net.describe(), back.describe());
        assertEquals("conv:3:3x2:pool=2x3:tanh,conv:2:2x1:pool=2x2:sigmoid,softmax:4", back.describe());
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(net.layers().get(l).weightParameter().values(), back.layers().get(l).weightParameter().values());
            assertArrayEquals(net.layers().get(l).biasParameter().values(), back.layers().get(l).biasParameter().values());
        }
        float[] x = new float[2 * 8 * 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 11) / 10f;
        }
        assertArrayEquals(net.feedforward(x), back.feedforward(x));
    }

    @Test
    void malformedConvPoolLayersGetOneLineErrors() throws IOException {
        String head = "{\"format\": \"nndl4j-layers\", \"version\": 1, \"input\": [1, 3, 3], \"cost\": \"log-likelihood\", \"layers\": [";
        String conv = "{\"type\": \"conv-pool\", \"filter_shape\": [1, 1, 2, 2], \"image_shape\": [1, 3, 3], \"pool_size\": [2, 2], "
                + "\"activation\": \"relu\", \"w\": [[[[1, 2], [3, 4]]]], \"b\": [0]}";
        String softmax = ", {\"type\": \"softmax\", \"n_in\": 1, \"n_out\": 2, \"p_dropout\": 0, \"w\": [[1, 2]], \"b\": [0, 0]}]}";
        Path valid = dir.resolve("valid.json");
        Files.writeString(valid, head + conv + softmax);
        assertEquals("conv:1:2x2:pool=2x2:relu,softmax:2", Model.load(valid).describe(), "the file the cases below break");
        assertLoadError(head + conv.replace("[[[[1, 2], [3, 4]]]]", "[[[[1, 2], [3]]]]") + softmax, "layers[0].w[0][0][1] has 1 entries but filter_shape [1, 1, 2, 2] needs 2");
        assertLoadError(head + conv.replace("[[[[1, 2], [3, 4]]]]", "[[[1, 2], [3, 4]]]") + softmax, "layers[0].w[0] has 2 entries but filter_shape [1, 1, 2, 2] needs 1");
        assertLoadError(head + conv.replace("[1, 1, 2, 2]", "[1, 2, 2]") + softmax, "layers[0].filter_shape must be a list of 4 positive integers");
        assertLoadError(head + conv.replace("\"pool_size\": [2, 2]", "\"pool_size\": [0, 2]") + softmax, "layers[0].pool_size[0] must be a positive integer");
        assertLoadError(head + conv.replace("\"pool_size\": [2, 2]", "\"pool_size\": [3, 3]") + softmax, "pool does not fit");
        assertLoadError(head.replace("[1, 3, 3]", "[2, 3, 3]") + conv.replace("\"image_shape\": [1, 3, 3]", "\"image_shape\": [2, 3, 3]") + softmax, "read 1 channels but the images 2×3×3 have 2");
        assertLoadError(head + conv.replace("\"b\": [0]", "\"b\": [0, 1]") + softmax, "layers[0].b has 2 entries but filter_shape [1, 1, 2, 2] needs 1");
        assertLoadError(head.replace("[1, 3, 3]", "[1, 1, 9]") + conv + softmax, "layer 1 convolves 1×3×3 images but the input is 1×1×9");
    }

    /** Python's json writes NaN and Infinity as bare tokens; a float64 beyond float32's range rounds to Infinity. */
    @Test
    void nonFiniteParametersAreNamedWithTheirPlace() throws IOException {
        String head = "{\"format\": \"nndl4j-layers\", \"version\": 1, \"input\": [1, 3, 3], \"cost\": \"log-likelihood\", \"layers\": [";
        String conv = "{\"type\": \"conv-pool\", \"filter_shape\": [1, 1, 2, 2], \"image_shape\": [1, 3, 3], \"pool_size\": [1, 1], "
                + "\"activation\": \"relu\", \"w\": [[[[1, 2], [3, 4]]]], \"b\": [0]}";
        String fc = "{\"type\": \"fully-connected\", \"n_in\": 4, \"n_out\": 2, \"activation\": \"relu\", \"p_dropout\": 0, "
                + "\"w\": [[1, 2], [3, 4], [5, 6], [7, 8]], \"b\": [0, 0]}";
        String softmax = "{\"type\": \"softmax\", \"n_in\": 2, \"n_out\": 2, \"p_dropout\": 0, \"w\": [[1, 2], [3, 4]], \"b\": [0, 0]}]}";
        Path valid = dir.resolve("valid.json");
        Files.writeString(valid, head + conv + ", " + fc + ", " + softmax);
        assertEquals("conv:1:2x2:pool=1x1:relu,fc:2:relu,softmax:2", Model.load(valid).describe(), "the file the cases below break");
        assertLoadError(head + conv.replace("[3, 4]", "[NaN, 4]") + ", " + fc + ", " + softmax,
                "layers[0].w[0][0][1][0] is NaN, not a finite float32");
        assertLoadError(head + conv + ", " + fc.replace("[5, 6]", "[5, -Infinity]") + ", " + softmax,
                "layers[1].w[2][1] is -Infinity, not a finite float32");
        assertLoadError(head + conv + ", " + fc.replace("\"b\": [0, 0]", "\"b\": [3.5e38, 0]") + ", " + softmax,
                "layers[1].b[0] is 3.5E38, not a finite float32");
        assertLoadError(head + conv + ", " + fc + ", " + softmax.replace("\"b\": [0, 0]", "\"b\": [0, \"NaN\"]"),
                "layers[2].b[1] is \"NaN\", not a number");
    }

    /** Sizes that promise billions of weights in a file holding a few: an error before anything is allocated. */
    @Test
    void declaredSizesBeyondTheFileAreRejectedBeforeAllocation() throws IOException {
        String head = "{\"format\": \"nndl4j-layers\", \"version\": 1, \"input\": [1, 200, 200], \"cost\": \"log-likelihood\", \"layers\": [";
        // 50,000 filters of 200×200 (2e9 weights, 8 GB): the file holds one filter row
        String conv = "{\"type\": \"conv-pool\", \"filter_shape\": [50000, 1, 200, 200], \"image_shape\": [1, 200, 200], "
                + "\"pool_size\": [1, 1], \"activation\": \"relu\", \"w\": [[[[1, 2]]]], \"b\": [0]}";
        String softmax = "{\"type\": \"softmax\", \"n_in\": 50000, \"n_out\": 2, \"p_dropout\": 0, \"w\": [], \"b\": [0, 0]}]}";
        assertLoadError(head + conv + ", " + softmax, "layers[0].w has 1 entries but filter_shape [50000, 1, 200, 200] needs 50000");
        // 1 × 2e9 weights: the one row holds two
        String wide = "{\"type\": \"softmax\", \"n_in\": 1, \"n_out\": 2000000000, \"p_dropout\": 0, \"w\": [[1, 2]], \"b\": [0]}]}";
        assertLoadError(head.replace("[1, 200, 200]", "[1, 1, 1]") + wide, "layers[0].w[0] has 2 entries but sizes [1, 2000000000] need 2000000000");
        // 65536 × 65536 inputs: 2^32 values overflowed an int (an ArithmeticException) when the network was built
        assertLoadError(head.replace("[1, 200, 200]", "[1, 65536, 65536]") + wide, "\"input\" [1, 65536, 65536] holds more values than one array");
    }

    @Test
    void network2FilesRecordANonSigmoidActivation() throws IOException {
        Path sigmoid = dir.resolve("sigmoid.json"), tanh = dir.resolve("tanh.json");
        new Network(new int[] {3, 4, 2}, CrossEntropyCost.INSTANCE, 1).save(sigmoid);
        Network net = new Network(new int[] {3, 4, 2}, CrossEntropyCost.INSTANCE, Activation.TANH, 1);
        net.save(tanh);
        assertFalse(Files.readString(sigmoid).contains("activation"), "network2.py's own format when sigmoid");
        Network back = Network.load(tanh);
        assertEquals(Activation.TANH, back.activation());
        float[] x = {0.3f, -0.2f, 0.9f};
        assertArrayEquals(net.feedforward(x), back.feedforward(x));
        assertInstanceOf(Network.class, Model.load(tanh));
    }

    @Test
    void eachLoaderNamesTheOtherFormat() {
        Path layered = dir.resolve("layers.json"), network2 = dir.resolve("network2.json");
        sample().save(layered);
        new Network(3, 2).save(network2);
        assertTrue(assertThrows(BadInputException.class, () -> Network.load(layered)).getMessage().contains("holds a layered network"));
        assertTrue(assertThrows(BadInputException.class, () -> LayeredNetwork.load(network2)).getMessage().contains("holds a network2 network"));
    }

    private void assertLoadError(String json, String expected) throws IOException {
        String message = loadError(json);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    private String loadError(String json) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        String message = assertThrows(BadInputException.class, () -> Model.load(file)).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    @Test
    void malformedLayeredFilesGetOneLineErrors() throws IOException {
        String head = "{\"format\": \"nndl4j-layers\", \"version\": 1, \"input\": [1, 1, 2], \"cost\": \"log-likelihood\", \"layers\": ";
        String softmax = "{\"type\": \"softmax\", \"n_in\": 2, \"n_out\": 2, \"p_dropout\": 0, \"w\": [[1, 2], [3, 4]], \"b\": [0, 0]}";
        assertTrue(loadError(head.replace("nndl4j-layers", "keras") + "[" + softmax + "]}").contains("unknown format 'keras'"));
        assertTrue(loadError(head.replace("\"version\": 1", "\"version\": 2") + "[" + softmax + "]}").contains("unsupported version"));
        assertTrue(loadError(head + "[]}").contains("\"layers\" must be a non-empty list"));
        assertTrue(loadError(head + "[" + softmax.replace("softmax", "conv") + "]}").contains("'conv' is not a layer type"));
        assertTrue(loadError(head + "[" + softmax.replace("[[1, 2], [3, 4]]", "[[1, 2]]") + "]}").contains("layers[0].w has 1 entries"));
        assertTrue(loadError(head + "[" + softmax.replace("\"p_dropout\": 0", "\"p_dropout\": 1") + "]}").contains("p_dropout must be a number in [0, 1)"));
        assertTrue(loadError(head + "[" + softmax.replace("\"b\": [0, 0]", "\"b\": [0, 1e300]") + "]}").contains("layers[0].b[1] is 1.0E300, not a finite float32"));
        assertTrue(loadError(head.replace("[1, 1, 2]", "[1, 1, 3]") + "[" + softmax + "]}").contains("has 3 values but the first layer takes 2"));
        String fc = softmax.replace("\"softmax\"", "\"fully-connected\", \"activation\": \"swish\"");
        assertTrue(loadError(head + "[" + fc + ", " + softmax + "]}").contains("'swish' is not an activation"));
        // a name from the file is quoted with its line breaks escaped: the message stays one line
        String twoLines = softmax.replace("\"softmax\"", "\"fully-connected\", \"activation\": \"swish\\nrelu\"");
        assertTrue(loadError(head + "[" + twoLines + ", " + softmax + "]}").contains("'swish\\u000arelu' is not an activation"));
        assertTrue(loadError(head.replace("log-likelihood", "nll\u2028") + "[" + softmax + "]}").contains("unknown cost 'nll\\u2028'"));
        String sigmoid = softmax.replace("\"softmax\"", "\"fully-connected\", \"activation\": \"sigmoid\"");
        assertTrue(loadError(head + "[" + sigmoid + "]}").contains("ends in a softmax layer"));
    }
}
