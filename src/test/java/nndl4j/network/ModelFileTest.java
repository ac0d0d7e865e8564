package nndl4j.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nndl4j.BadInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** network2.py's JSON format both ways, checked against files and outputs made by the book's own code. */
class ModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Paths.get("src/test/resources/fixtures");
    private static final Path SCRIPT = Paths.get("scripts/network2_model.py");

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryParameterExactly() {
        Network net = new Network(new int[] {7, 5, 3}, QuadraticCost.INSTANCE, 42);
        Path file = dir.resolve("model.json");
        net.save(file);
        Network back = Network.load(file);
        assertArrayEquals(net.sizes(), back.sizes());
        assertEquals(QuadraticCost.INSTANCE, back.cost());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(net.biases()[l], back.biases()[l]);
            for (int j = 0; j < net.weights()[l].length; j++) {
                assertArrayEquals(net.weights()[l][j], back.weights()[l][j]);
            }
        }
    }

    /** A model written by network2.py's save (via scripts/network2_model.py) gives numpy's outputs here. */
    @Test
    void loadsTheBooksFileAndReproducesItsOutputs() throws IOException {
        Network net = Network.load(FIXTURES.resolve("network2-model.json"));
        assertArrayEquals(new int[] {6, 5, 4, 3}, net.sizes());
        assertEquals(QuadraticCost.INSTANCE, net.cost());
        JsonNode expected = JSON.readTree(FIXTURES.resolve("network2-model-outputs.json").toFile());
        for (int i = 0; i < expected.get("inputs").size(); i++) {
            float[] x = floats(expected.get("inputs").get(i));
            float[] got = net.feedforward(x);
            JsonNode want = expected.get("outputs").get(i);
            for (int j = 0; j < got.length; j++) {
                assertEquals(want.get(j).asDouble(), got[j], 1e-6, "output " + j + " of input " + i);
            }
        }
    }

    /** A model saved here loads in network2.py's load and gives the same outputs in numpy. */
    @Test
    void fileWrittenHereLoadsInTheBooksCode() throws Exception {
        Network net = new Network(new int[] {6, 8, 2}, CrossEntropyCost.INSTANCE, 9);
        Path file = dir.resolve("for-python.json");
        net.save(file);
        JsonNode fromPython = runPython(file);
        assertEquals("CrossEntropyCost", fromPython.get("cost").asText());
        JsonNode inputs = JSON.readTree(FIXTURES.resolve("network2-model-outputs.json").toFile()).get("inputs");
        for (int i = 0; i < inputs.size(); i++) {
            float[] got = net.feedforward(floats(inputs.get(i)));
            for (int j = 0; j < got.length; j++) {
                assertEquals(fromPython.get("outputs").get(i).get(j).asDouble(), got[j], 1e-6);
            }
        }
    }

    private static JsonNode runPython(Path model) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", SCRIPT.toString(), "feedforward", model.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: cannot run network2.py's load");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 timed out");
        Assumptions.assumeFalse(out.contains("No module named 'numpy'"), "numpy is not installed for python3");
        assertEquals(0, p.exitValue(), out);
        return JSON.readTree(out);
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    // ---- bad files: one clear line each ----

    private String loadError(String json) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        return assertThrows(BadInputException.class, () -> Network.load(file)).getMessage();
    }

    @Test
    void rejectsMalformedAndInconsistentModels() throws IOException {
        assertTrue(loadError("{\"sizes\": [2, 1], ").contains("not valid JSON"));
        assertTrue(loadError("[1, 2]").contains("expected a JSON object"));
        assertTrue(loadError("{\"weights\": [], \"biases\": [], \"cost\": \"QuadraticCost\"}").contains("missing \"sizes\""));
        assertTrue(loadError("{\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"HingeCost\"}")
                .contains("unknown cost 'HingeCost'"));
        assertTrue(loadError("{\"sizes\": [2, 1], \"weights\": [[[1, 2, 3]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"}")
                .contains("weights[0][0] has 3 entries but sizes [2, 1] need 2"));
        assertTrue(loadError("{\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[0]], \"cost\": \"QuadraticCost\"}")
                .contains("biases[0][0] must be a list"));
        assertTrue(loadError("{\"sizes\": [2, 0], \"weights\": [], \"biases\": [], \"cost\": \"QuadraticCost\"}")
                .contains("must be a positive integer"));
        assertTrue(loadError("{\"sizes\": [2, 1], \"weights\": [[[1, \"x\"]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"}")
                .contains("weights[0][0][1] is \"x\", not a number"));
        assertTrue(assertThrows(BadInputException.class, () -> Network.load(dir.resolve("missing.json")))
                .getMessage().contains("model file not found"));
    }

    /** Files network2.py's save wrote (scripts/make_bad_value_fixtures.py): Python's json writes 1e+300, NaN, -Infinity. */
    @Test
    void nonFiniteParametersAreNamedWithTheirPlace() {
        assertNonFinite("network2-1e300.json", "weights[1][1][2] is 1.0E300, not a finite float32");
        assertNonFinite("network2-nan-bias.json", "biases[0][2][0] is NaN, not a finite float32");
        assertNonFinite("network2-infinity.json", "weights[0][0][3] is -Infinity, not a finite float32");
    }

    private static void assertNonFinite(String fixture, String expected) {
        Path file = FIXTURES.resolve(fixture);
        String message = assertThrows(BadInputException.class, () -> Model.load(file)).getMessage();
        assertEquals("invalid model file " + file + ": " + expected, message);
    }

    /** Nested 100,000 deep (the file): one line, no StackOverflowError; the limit sits just past real files. */
    @Test
    void deeplyNestedFilesAreOneLineErrors() throws IOException {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(loadError(deep).contains("goes past the reader's limits"), deep.length() + " characters");
        assertTrue(loadError("{\"sizes\": " + "[".repeat(100_000)).contains("goes past the reader's limits"));
        int limit = ModelFile.MAX_NESTING;
        assertTrue(loadError("[".repeat(limit) + "]".repeat(limit)).contains("expected a JSON object"));
        assertTrue(loadError("[".repeat(limit + 1) + "]".repeat(limit + 1)).contains("goes past the reader's limits"));
    }

    @Test
    void aSaveInterruptedMidWayLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.json");
        new Network(new int[] {3, 2}, QuadraticCost.INSTANCE, 1).save(file);
        String before = Files.readString(file);
        assertThrows(BadInputException.class, () -> nndl4j.AtomicFiles.write(file, out -> {
            out.write("{\"sizes\": [3,".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("disk full");
        }));
        assertEquals(before, Files.readString(file));
        assertArrayEquals(new int[] {3, 2}, Network.load(file).sizes());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "a temporary file was left behind");
        }
    }
}
