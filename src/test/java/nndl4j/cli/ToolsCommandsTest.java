package nndl4j.cli;

import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.data.LabeledImages;
import nndl4j.data.MnistLocator;
import nndl4j.tools.DarknessBaseline;
import nndl4j.tools.Pngs;
import nndl4j.tools.TrainingPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** expand, baseline, show, plot, train --plot and train --layers through {@link Main#run}, on real digits. */
class ToolsCommandsTest {
    private static final Pattern ACCURACY = Pattern.compile("accuracy: (\\d+) / (\\d+) \\((\\d+\\.\\d\\d)%\\)\\R");

    @TempDir
    Path dir;
    private String t10k;

    /** Tests that need real digits call this first; they are skipped with a message where the test set is absent. */
    private void needRealDigits() {
        Path mnist = MnistLocator.sharedTestSet().orElse(null);
        assumeTrue(mnist != null, MnistLocator.missingTestSetMessage());
        Path gz = mnist.resolve("t10k-images-idx3-ubyte.gz");
        t10k = (Files.exists(gz) ? gz : mnist.resolve("t10k-images-idx3-ubyte")).toString();
    }

    @Test
    void expandWritesFiveTimesTheImagesAndTrainTakesThem() {
        needRealDigits();
        Path out = dir.resolve("expanded");
        CliRun run = CliRun.of("expand", "--train", t10k + "[:40]", "--out", out.toString()).assertOk();
        assertTrue(run.out().startsWith("expanded 40 images to 200"), run.out());
        String expanded = out.resolve("train-images-idx3-ubyte.gz").toString();
        Dataset data = DataSpec.load(expanded);
        assertEquals(200, data.size());
        Dataset originals = DataSpec.load(t10k + "[:40]");
        for (int i = 0; i < 40; i++) {
            assertEquals(originals.label(i), data.label(5 * i + 4));
        }
        CliRun.of("train", "--train", expanded, "--test", t10k + "[9000:9100]", "--epochs", "1", "--seed", "1").assertOk();

        CliRun.of("expand", "--train", expanded, "--out", out.toString()).assertBadInput("refusing to overwrite");
    }

    @Test
    void darknessPrintsTheAccuracyLine() {
        needRealDigits();
        CliRun run = CliRun.of("baseline", "darkness", "--train", t10k + "[:8000]", "--test", t10k + "[8000:]").assertOk();
        Matcher m = ACCURACY.matcher(run.out());
        assertTrue(m.matches(), run.out());
        int expected = DarknessBaseline.train(DataSpec.load(t10k + "[:8000]")).correct(DataSpec.load(t10k + "[8000:]"));
        assertEquals(expected, Integer.parseInt(m.group(1)));
        assertEquals("2000", m.group(2));
    }

    @Test
    void svmTrainsOnTheFirstLimitImages() {
        needRealDigits();
        CliRun run = CliRun.of("baseline", "svm", "--train", t10k + "[:8000]", "--test", t10k + "[9500:]", "--limit", "300")
                .assertOk();
        assertTrue(run.err().contains("training SVM on 300 images"), run.err());
        Matcher m = ACCURACY.matcher(run.out());
        assertTrue(m.matches(), "only the accuracy line on stdout: " + run.out());
        assertEquals("500", m.group(2));
        assertTrue(Integer.parseInt(m.group(1)) > 200, "well above chance (50) even on 300 images: " + run.out());

        CliRun.of("baseline", "svm", "--train", t10k, "--test", t10k, "--limit", "0").assertBadInput("--limit");
    }

    @Test
    void trainPlotShowAndPlotMakePictures() throws IOException {
        needRealDigits();
        Path model = dir.resolve("model.json");
        Path history = dir.resolve("history.json");
        Path trainPlot = dir.resolve("train-plot.png");
        CliRun.of("train", "--train", t10k + "[:2000]", "--test", t10k + "[9000:9500]", "--epochs", "2", "--seed", "2",
                "--monitor", "all", "--save", model.toString(), "--history", history.toString(),
                "--plot", trainPlot.toString()).assertOk();
        BufferedImage fromTrain = Pngs.read(trainPlot);
        assertEquals(2 * TrainingPlot.PANEL_WIDTH, fromTrain.getWidth());
        Pngs.assertNotBlank(fromTrain, 0.005, 0.2);

        Path plotted = dir.resolve("plots/history.png");
        CliRun run = CliRun.of("plot", "--history", history.toString(), "--out", plotted.toString()).assertOk();
        assertTrue(run.out().contains("plot saved to"), run.out());
        BufferedImage fromHistory = Pngs.read(plotted);
        assertEquals(fromTrain.getWidth(), fromHistory.getWidth());
        assertEquals(fromTrain.getHeight(), fromHistory.getHeight());
        for (int y = TrainingPlot.TITLE_HEIGHT; y < fromTrain.getHeight(); y++) { // the same chart under different titles
            for (int x = 0; x < fromTrain.getWidth(); x++) {
                assertEquals(fromTrain.getRGB(x, y), fromHistory.getRGB(x, y), "pixel " + x + "," + y);
            }
        }

        Path digits = dir.resolve("digits.png");
        run = CliRun.of("show", "--images", t10k + "[:20]", "--out", digits.toString(), "--count", "15").assertOk();
        assertTrue(run.out().startsWith("15 digits drawn"), run.out());
        Pngs.assertNotBlank(Pngs.read(digits), 0.03, 0.4);

        Path wrong = dir.resolve("wrong.png");
        run = CliRun.of("show", "--model", model.toString(), "--test", t10k + "[9500:]", "--misclassified",
                "--out", wrong.toString()).assertOk();
        Matcher m = Pattern.compile("(\\d+) of 500 test images misclassified; (\\d+) drawn to .*\\R").matcher(run.out());
        assertTrue(m.matches(), run.out());
        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--test", t10k + "[9500:]").assertOk();
        Matcher correct = Pattern.compile("accuracy: (\\d+) / 500.*", Pattern.DOTALL).matcher(evaluate.out());
        assertTrue(correct.matches(), evaluate.out());
        assertEquals(500 - Integer.parseInt(correct.group(1)), Integer.parseInt(m.group(1)), "evaluate agrees");
        assertEquals(Math.min(100, Integer.parseInt(m.group(1))), Integer.parseInt(m.group(2)));
        Pngs.assertNotBlank(Pngs.read(wrong), 0.03, 0.4);
    }

    @Test
    void badHistoriesAndOutputsAreOneLine() throws IOException {
        Path png = dir.resolve("x.png");
        CliRun.of("plot", "--history", dir.resolve("missing.json").toString(), "--out", png.toString())
                .assertBadInput("no such file", "missing.json");

        Path empty = Files.writeString(dir.resolve("empty.json"),
                "{\"evaluation_cost\": [], \"evaluation_accuracy\": [], \"training_cost\": [], \"training_accuracy\": [],"
                        + " \"training_size\": 100, \"evaluation_size\": 0}");
        CliRun.of("plot", "--history", empty.toString(), "--out", png.toString()).assertBadInput("no per-epoch values");
        Path noLists = Files.writeString(dir.resolve("nolists.json"), "{\"epochs_completed\": 3}");
        CliRun.of("plot", "--history", noLists.toString(), "--out", png.toString()).assertBadInput("no per-epoch values");
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"evaluation_cost\": [0.1, ");
        CliRun.of("plot", "--history", notJson.toString(), "--out", png.toString()).assertBadInput("not valid JSON");
        Path wrongType = Files.writeString(dir.resolve("wrong.json"), "{\"training_accuracy\": \"high\", \"training_size\": 9}");
        CliRun.of("plot", "--history", wrongType.toString(), "--out", png.toString()).assertBadInput("training_accuracy", "not a list");
        Path noSize = Files.writeString(dir.resolve("nosize.json"), "{\"evaluation_accuracy\": [5, 6]}");
        CliRun.of("plot", "--history", noSize.toString(), "--out", png.toString()).assertBadInput("evaluation_size");

        // a regular file where a folder should be: unwritable even for root
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path good = Files.writeString(dir.resolve("good.json"), "{\"evaluation_accuracy\": [5, 6], \"evaluation_size\": 10}");
        CliRun.of("plot", "--history", good.toString(), "--out", file.resolve("p.png").toString()).assertBadInput("cannot write");
        CliRun.of("show", "--out", png.toString()).assertBadInput("nothing to show");
        CliRun.of("show", "--images", "x-images-idx3-ubyte.gz", "--out", png.toString(), "--count", "0").assertBadInput("--count");
        assertTrue(Files.notExists(png), "no picture from failed runs");
    }

    @Test
    void badDataOptionsAreOneLine() throws IOException {
        needRealDigits();
        Path png = dir.resolve("x.png");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun.of("show", "--images", t10k + "[:3]", "--out", file.resolve("d.png").toString()).assertBadInput("cannot write");
        CliRun.of("expand", "--train", t10k + "[:3]", "--out", file.toString()).assertBadInput("a-file");
        CliRun.of("expand", "--train", t10k + "[:3]", "--out", file.resolve("sub").toString()).assertBadInput("cannot create");

        CliRun.of("show", "--images", t10k + "[:3]", "--out", png.toString(), "--count", "0").assertBadInput("--count");
        CliRun.of("show", "--images", t10k + "[:3]", "--out", png.toString(), "--count", "-4").assertBadInput("--count");
        CliRun.of("show", "--images", t10k, "--misclassified", "--out", png.toString()).assertBadInput("--images");
        CliRun.of("show", "--model", dir.resolve("none.json").toString(), "--test", t10k, "--misclassified",
                "--out", png.toString()).assertBadInput("none.json");
        CliRun.of("train", "--train", t10k + "[:100]", "--epochs", "1", "--plot", png.toString()).assertBadInput("--plot");
        CliRun.of("baseline", "darkness", "--train", t10k + "[5:2]", "--test", t10k).assertBadInput("selects no images");
        assertTrue(Files.notExists(png), "no picture from failed runs");
    }

    @Test
    void trainLayersPrintsTheBooksLinesAndSavesAModelThatEvaluateReads() {
        needRealDigits();
        Path model = dir.resolve("layered.json");
        CliRun run = CliRun.of("train", "--train", t10k + "[:1000]", "--validation", t10k + "[8000:8500]",
                "--test", t10k + "[9000:9500]", "--layers", "fc:30:sigmoid,softmax:10", "--epochs", "2", "--seed", "1",
                "--save", model.toString()).assertOk();
        assertTrue(run.out().matches("(?s).*Epoch 0: validation accuracy \\d+\\.\\d\\d% \\(\\d+\\.\\d\\d s\\)\\R"
                + "This is the best validation accuracy to date\\.\\R"
                + "The corresponding test accuracy is \\d+\\.\\d\\d%\\R.*Epoch 1: .*"), run.out());
        Matcher best = Pattern.compile("Finished training network\\.\\R"
                + "Best validation accuracy of (\\d+\\.\\d\\d)% obtained at iteration (\\d+)\\R"
                + "Corresponding test accuracy of (\\d+\\.\\d\\d)%\\R").matcher(run.out());
        assertTrue(best.find(), run.out());
        assertTrue(Double.parseDouble(best.group(1)) > 50, best.group(1));
        Matcher evaluated = ACCURACY.matcher(CliRun.of("evaluate", "--model", model.toString(), "--test",
                t10k + "[9000:9500]").assertOk().out());
        assertTrue(evaluated.find());
        assertEquals(500, Integer.parseInt(evaluated.group(2)));
    }
}
