package nndl4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nndl4j.network.CrossEntropyCost;
import nndl4j.network.Network;
import nndl4j.tools.Pngs;
import nndl4j.tools.TrainingPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reports of values that are not finite or not in range, each reproduced through the command line. */
class NonFiniteValuesCliTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** network2.py's save of a weight of 1e300 (scripts/make_bad_value_fixtures.py) loaded as Infinity: "cost: NaN", exit 0. */
    @Test
    void evaluatingAModelWithA1e300WeightIsOneLineError() {
        String images = TinyIdx.write(dir, "test", 5, 1).toString();
        CliRun.of("evaluate", "--model", FIXTURES.resolve("network2-1e300.json").toString(), "--test", images)
                .assertBadInput("network2-1e300.json", "weights[1][1][2] is 1.0E300, not a finite float32");
    }

    /** NaN pixels were blamed on the learning rate; pixels of 0-255 were accepted. Both files written by numpy. */
    @Test
    void picklesWithNaNOr0To255PixelsAreOneLineErrors() {
        Path model = dir.resolve("model.json");
        new Network(784, 3, 10).save(model);
        CliRun.of("train", "--data", FIXTURES.resolve("mnist-nan-pixel.pkl.gz").toString(), "--epochs", "1")
                .assertBadInput("training images: image 1, pixel 5 is NaN, not a finite number");
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", FIXTURES.resolve("mnist-0-255.pkl.gz").toString())
                .assertBadInput("training images: image 0, pixel 1 is 5.0, outside [0, 1]");
        assertTrue(run.err().contains("divided by 255"), run.err());
        CliRun.of("evaluate", "--model", model.toString(), "--data", FIXTURES.resolve("mnist-huge-shape.pkl.gz").toString())
                .assertBadInput("shape (2147483647, 784) of float32 needs 6734508716992 bytes, the data holds 16");
    }

    /**
     * A network whose weights are all 1e30 outputs exactly 1 for every class of any non-blank image, so the
     * cross-entropy of the nine wrong classes is -ln(1 - 1) = +Infinity: before, XChart threw on it in --plot and
     * the history file held "Infinity" strings that plot rejected.
     */
    @Test
    void anInfiniteCostIsNullInTheHistoryAndAGapInThePlot() throws IOException {
        float[][] weights = new float[10][784];
        for (float[] row : weights) {
            Arrays.fill(row, 1e30f);
        }
        Path saturated = dir.resolve("saturated.json");
        new Network(new int[] {784, 10}, CrossEntropyCost.INSTANCE, new float[][][] {weights}, new float[][] {new float[10]})
                .save(saturated);
        String images = TinyIdx.write(dir, "digits", 20, 2).toString();
        Path history = dir.resolve("history.json");
        Path png = dir.resolve("train.png");
        CliRun.of("train", "--from", saturated.toString(), "--train", images + "[:10]", "--test", images + "[10:]",
                "--epochs", "2", "--eta", "1e-6", "--monitor", "all", "--seed", "3", "--backend", "cpu",
                "--history", history.toString(), "--plot", png.toString()).assertOk();

        JsonNode json = JSON.readTree(history.toFile());
        for (String key : List.of("training_cost", "evaluation_cost")) {
            assertEquals("[null,null]", json.get(key).toString(), key);
        }
        assertEquals(2, json.get("evaluation_accuracy").size());
        assertTrue(Pngs.count(Pngs.read(png), TrainingPlot.EVALUATION, 10) > 50, "the accuracies are drawn");

        Path plotted = dir.resolve("plot.png");
        CliRun.of("plot", "--history", history.toString(), "--out", plotted.toString()).assertOk();
        assertEquals(Pngs.read(png).getWidth(), Pngs.read(plotted).getWidth(), "both panels");
    }

    /** Histories written before costs became null hold Jackson's strings for them; plot reads those as gaps too. */
    @Test
    void plotReadsTheInfinityStringsOfEarlierHistories() throws IOException {
        Path history = dir.resolve("old.json");
        new ObjectMapper().writeValue(history.toFile(), Map.of(
                "training_cost", List.of(0.5, Double.POSITIVE_INFINITY, Double.NaN, 0.25),
                "evaluation_accuracy", List.of(10, 12, 13, 15), "evaluation_size", 20));
        assertTrue(Files.readString(history).contains("\"Infinity\""), "what the writer did before");
        CliRun.of("plot", "--history", history.toString(), "--out", dir.resolve("old.png").toString()).assertOk();
        Files.writeString(history, "{\"training_cost\": [0.5, \"lots\"]}");
        CliRun.of("plot", "--history", history.toString(), "--out", dir.resolve("bad.png").toString())
                .assertBadInput("training_cost holds \"lots\", not a number or null");
        assertFalse(Files.exists(dir.resolve("bad.png")));
    }
}
