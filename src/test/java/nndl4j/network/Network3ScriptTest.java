package nndl4j.network;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import nndl4j.backend.Activation;
import nndl4j.data.Dataset;
import nndl4j.data.LabeledImages;
import nndl4j.data.MnistLocator;
import nndl4j.data.MnistSplits;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Conv-pool networks checked against {@code scripts/network3_check.py}, an independent float64 numpy
 * implementation of network3.py's inference (true convolution by flipped filters, max-pooling with the partial
 * border dropped, bias and activation after pooling, dropout layers' inputs scaled by 1 − p). Each network is
 * trained for one short epoch on real digits so that its weights are not the initial ones, saved, and its outputs
 * on a few test images are compared with the script's. Then one output is perturbed to show the script fails.
 * Skipped without the MNIST test set or without python3 and numpy.
 */
class Network3ScriptTest {
    private static final Path SCRIPT = Path.of("scripts", "network3_check.py");
    /** Test images compared: t10k images the training below does not see. */
    private static final int[] IMAGES = {9000, 9001, 9002, 9137, 9500, 9871, 9999};
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    static Stream<Arguments> networks() {
        return Stream.of(
                // 28×28 → 4×4 filters → 25×25 → pool 3×3 → 8×8 (the 25th row and column dropped)
                Arguments.of("one conv-pool, sigmoid, pool border", 0.5, (Supplier<LayeredNetwork>) () ->
                        new LayeredNetwork(new Shape(1, 28, 28), List.of(
                                new ConvPoolLayer(new FilterShape(6, 1, 4, 4), new Shape(1, 28, 28), new PoolSize(3, 3), Activation.SIGMOID),
                                new FullyConnectedLayer(6 * 8 * 8, 30, Activation.SIGMOID, 0.0),
                                new SoftmaxLayer(30, 10)), 11)),
                // 28×28 → 5×4 filters → 24×25 → pool 2×3 → 12×8 (one column dropped) → 3×3 filters over 6 channels
                // → 10×6 → pool 3×2 → 3×3 (one row dropped); non-square filters and pools catch swapped axes
                Arguments.of("two conv-pool, relu, non-square, dropout", 0.1, (Supplier<LayeredNetwork>) () ->
                        new LayeredNetwork(new Shape(1, 28, 28), List.of(
                                new ConvPoolLayer(new FilterShape(6, 1, 5, 4), new Shape(1, 28, 28), new PoolSize(2, 3), Activation.RELU),
                                new ConvPoolLayer(new FilterShape(8, 6, 3, 3), new Shape(6, 12, 8), new PoolSize(3, 2), Activation.RELU),
                                new FullyConnectedLayer(8 * 3 * 3, 30, Activation.RELU, 0.2),
                                new SoftmaxLayer(30, 10, 0.1)), 12)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void matchesNetwork3sMathInNumpy(String name, double eta, Supplier<LayeredNetwork> network) throws Exception {
        Path mnist = MnistLocator.sharedTestSet().orElse(null);
        Assumptions.assumeTrue(mnist != null, MnistLocator::missingTestSetMessage);
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), () -> SCRIPT.toAbsolutePath() + " not found (run from the project root)");
        String numpy = run(List.of("python3", "-c", "import numpy"), false);
        Assumptions.assumeTrue(numpy.isEmpty(), () -> "python3 with numpy is needed to run " + SCRIPT + ": " + numpy);

        Dataset t10k = LabeledImages.read(mnist.resolve(MnistSplits.TEST_IMAGES + ".gz")).toDataset();
        LayeredNetwork net = network.get();
        long start = System.nanoTime();
        net.sgd(t10k.slice(0, 2_000), 1, 10, eta, null, null, 0.0);
        System.out.printf("%s: trained in %.1f s, accuracy %d / 1000 on t10k[9000:]%n", name, (System.nanoTime() - start) / 1e9,
                net.accuracy(t10k.slice(9_000, 10_000)));
        Path model = dir.resolve("model.json");
        net.save(model);

        float[][] outputs = new float[IMAGES.length][];
        for (int k = 0; k < IMAGES.length; k++) {
            outputs[k] = net.feedforward(t10k.input(IMAGES[k]));
        }
        Path expected = dir.resolve("expected.json");
        writeExpected(expected, outputs);
        String result = run(command(model, expected, mnist), true);
        assertTrue(result.isEmpty(), "network3_check.py disagrees with nndl4j for " + name + ":\n" + result);

        // the check can fail: one output off by 10× the tolerance
        outputs[IMAGES.length / 2][3] += (float) (10 * TOLERANCE);
        Path perturbed = dir.resolve("perturbed.json");
        writeExpected(perturbed, outputs);
        String failure = run(command(model, perturbed, mnist), true);
        assertTrue(failure.startsWith("exit code 1"), "network3_check.py should reject a perturbed output:\n" + failure);
    }

    private List<String> command(Path model, Path expected, Path mnist) {
        return List.of("python3", SCRIPT.toString(), model.toString(), expected.toString(),
                "--mnist", mnist.toAbsolutePath().toString(), "--tolerance", Double.toString(TOLERANCE));
    }

    /** {"images": [...], "outputs": [[...], ...]} with each float written as Float.toString does. */
    private static void writeExpected(Path file, float[][] outputs) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("images");
            for (int i : IMAGES) {
                g.writeNumber(i);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            for (float[] row : outputs) {
                g.writeStartArray();
                for (float v : row) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /**
     * Runs a command in the project root: "" when it exits 0, else "exit code N" and what it printed (stdout and
     * stderr together), or why it could not start. With {@code echo}, what it prints goes to the test's output too.
     */
    private String run(List<String> command, boolean echo) throws IOException, InterruptedException {
        Path printed = Files.createTempFile(dir, "printed", ".txt");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        } catch (IOException e) {
            return "cannot start " + command.get(0) + ": " + e.getMessage();
        }
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s:\n" + Files.readString(printed));
        }
        String text = Files.readString(printed, StandardCharsets.UTF_8);
        if (echo) {
            System.out.print(text);
        }
        return process.exitValue() == 0 ? "" : "exit code " + process.exitValue() + "\n" + text;
    }
}
