package nndl4j.network;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nndl4j.AtomicFiles;
import nndl4j.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * network2.py's model file: {@code {"sizes": [...], "weights": [layer][out][in], "biases": [layer][out][1],
 * "cost": "CrossEntropyCost" | "QuadraticCost"}}. Files written by the book's {@code save} load here and
 * files written here load in the book's {@code load}.
 */
final class ModelFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    static void save(Network net, Path file) {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeArrayFieldStart("sizes");
                for (int n : net.sizes()) {
                    g.writeNumber(n);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("weights");
                for (float[][] layer : net.weights()) {
                    g.writeStartArray();
                    for (float[] row : layer) {
                        writeFloats(g, row);
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("biases");
                for (float[] layer : net.biases()) {
                    g.writeStartArray();
                    for (float b : layer) {
                        writeFloats(g, new float[] {b});
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeStringField("cost", net.cost().name());
                g.writeEndObject();
            }
        });
    }

    /** Float.toString is the shortest text that reads back as the same float32, so files stay small and exact. */
    private static void writeFloats(JsonGenerator g, float[] values) throws IOException {
        g.writeStartArray();
        for (float v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    static Network load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("model file not found: " + file);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new BadInputException("cannot read model file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "expected a JSON object with sizes, weights, biases and cost");
        }
        int[] sizes = readSizes(file, field(file, root, "sizes"));
        String costName = field(file, root, "cost").asText();
        Cost cost;
        try {
            cost = Cost.byName(costName);
        } catch (BadInputException e) {
            throw invalid(file, e.getMessage());
        }
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
        return new Network(sizes, cost, weights, biases);
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
        int[] sizes = new int[node.size()];
        for (int i = 0; i < sizes.length; i++) {
            JsonNode n = node.get(i);
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                throw invalid(file, "\"sizes\"[" + i + "] must be a positive integer, got " + n);
            }
            sizes[i] = n.asInt();
        }
        return sizes;
    }

    private static void checkLength(Path file, String where, JsonNode node, int expected, int[] sizes) {
        if (node == null || !node.isArray()) {
            throw invalid(file, where + " must be a list");
        }
        if (node.size() != expected) {
            throw invalid(file, where + " has " + node.size() + " entries but sizes " + Arrays.toString(sizes)
                    + " need " + expected);
        }
    }

    private static float[] readFloats(Path file, String where, JsonNode row) {
        float[] values = new float[row.size()];
        for (int k = 0; k < values.length; k++) {
            JsonNode v = row.get(k);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw invalid(file, where + "[" + k + "] must be a finite number, got " + v);
            }
            values[k] = (float) v.asDouble();
        }
        return values;
    }

    private static BadInputException invalid(Path file, String problem) {
        return new BadInputException("invalid model file " + file + ": " + problem);
    }
}
