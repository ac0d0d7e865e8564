package nndl4j.cli;

import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.network.ConvPoolLayer;
import nndl4j.network.LayeredNetwork;
import nndl4j.network.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --preset}: the book's chapter 6 experiments, what explicit options change, and the expanded data. */
class PresetTest {
    @TempDir
    Path dir;
    /** 60 random 28×28 images with labels. */
    private String tiny;

    @BeforeEach
    void writeTinyData() {
        tiny = TinyIdx.write(dir, "tiny", 60, 6).toString();
    }

    private CliRun train(String... extra) {
        String[] args = new String[extra.length + 5];
        System.arraycopy(new String[] {"train", "--test", tiny + "[40:]", "--seed", "1"}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.of(args);
    }

    /** The book's chapter 6 (and conv.py), transcribed here independently of Preset. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shallow | fc:100:sigmoid,softmax:10 | 60 | 0.1 | 0 | false | 97.80%",
            "basic_conv | conv:20:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10 | 60 | 0.1 | 0 | false | 98.78%",
            "dbl_conv | conv:20:5x5:pool=2x2:sigmoid,conv:40:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10 | 60 | 0.1 | 0 | false | 99.06%",
            "dbl_conv_relu | conv:20:5x5:pool=2x2:relu,conv:40:5x5:pool=2x2:relu,fc:100:relu,softmax:10 | 60 | 0.03 | 0.1 | false | 99.23%",
            "expanded_data | conv:20:5x5:pool=2x2:relu,conv:40:5x5:pool=2x2:relu,fc:100:relu,softmax:10 | 60 | 0.03 | 0.1 | true | 99.37%",
            "expanded_data_double_fc | conv:20:5x5:pool=2x2:relu,conv:40:5x5:pool=2x2:relu,fc:100:relu,fc:100:relu,softmax:10 | 60 | 0.03 | 0.1 | true | 99.43%",
            "double_fc_dropout | conv:20:5x5:pool=2x2:relu,conv:40:5x5:pool=2x2:relu,fc:1000:relu:dropout=0.5,fc:1000:relu:dropout=0.5,softmax:10:dropout=0.5 | 40 | 0.03 | 0 | true | 99.60%",
    })
    void presetsAreTheBooksExperiments(String name, String layers, int epochs, double eta, double lambda,
                                       boolean expanded, String accuracy) {
        Preset p = Preset.named(name);
        assertEquals(name, p.spelling());
        assertEquals(layers, p.layers);
        assertEquals(epochs, p.epochs);
        assertEquals(eta, p.eta);
        assertEquals(lambda, p.lambda);
        assertEquals(expanded, p.expandedData);
        assertTrue(p.bookAccuracy.startsWith(accuracy), p.bookAccuracy);
    }

    @Test
    void helpListsEveryPresetWithTheBooksAccuracy() {
        String help = CliRun.of("train", "--help").assertOk().out();
        for (Preset p : Preset.values()) {
            assertTrue(help.matches("(?s).*\n  " + p.spelling() + " +book " + Pattern.quote(p.bookAccuracy) + "\n.*"), help);
        }
        assertTrue(help.contains("an ensemble of five: 99.67%"), help);
        assertTrue(help.contains("Explicit --layers, --epochs, --eta and --lambda win over the preset's"), help);
    }

    @Test
    void unknownPreset() {
        train("--train", tiny + "[:40]", "--preset", "deep").assertBadInput("unknown preset 'deep'", "basic_conv", "double_fc_dropout");
    }

    /** The preset's epochs, η and λ where none are given; --layers (given) wins, and the run does all 60 epochs. */
    @Test
    void thePresetsHyperparametersWhereNoneAreGiven() {
        CliRun run = train("--train", tiny + "[:40]", "--preset", "dbl_conv_relu", "--layers", "softmax:10").assertOk();
        assertTrue(run.out().contains("preset dbl_conv_relu: the book reports 99.23% test accuracy"), run.out());
        assertTrue(run.out().contains("given here instead of the preset's: --layers\n"), run.out());
        assertTrue(run.out().contains("training softmax:10 (log-likelihood) on 40 samples, 60 epochs, batch 10, eta 0.03, lambda 0.1, seed 1"),
                run.out());
        assertTrue(run.out().contains("\nEpoch 59: "), run.out());
        assertTrue(run.out().contains("Finished training network."), run.out());
    }

    @Test
    void explicitOptionsWinOverThePreset() {
        CliRun run = train("--train", tiny + "[:40]", "--preset", "dbl_conv_relu", "--epochs", "1", "--eta", "0.05",
                "--lambda", "0", "--batch-size", "20").assertOk();
        assertTrue(run.out().contains("given here instead of the preset's: --epochs, --eta, --lambda\n"), run.out());
        assertTrue(run.out().contains("training conv:20:5x5:pool=2x2:relu,conv:40:5x5:pool=2x2:relu,fc:100:relu,softmax:10 "
                + "(log-likelihood) on 40 samples, 1 epochs, batch 20, eta 0.05, lambda 0.0, seed 1"), run.out());
    }

    @Test
    void aPresetIsALayeredRun() {
        train("--train", tiny + "[:40]", "--preset", "basic_conv", "--cost", "cross-entropy")
                .assertBadInput("--cost is a network2 option; it does not apply to the preset basic_conv");
        Path network2 = dir.resolve("network2.json"), layered = dir.resolve("layered.json");
        train("--train", tiny + "[:40]", "--epochs", "1", "--save", network2.toString()).assertOk();
        train("--train", tiny + "[:40]", "--layers", "softmax:10", "--epochs", "1", "--save", layered.toString()).assertOk();
        train("--train", tiny + "[:40]", "--from", network2.toString(), "--preset", "shallow")
                .assertBadInput("holds a network2 network, but --preset trains a layered one");
        train("--train", tiny + "[:40]", "--from", layered.toString(), "--preset", "shallow")
                .assertBadInput("--preset shallow (fc:100:sigmoid,softmax:10) does not match the model's layers softmax:10");
        CliRun again = train("--train", tiny + "[:40]", "--from", layered.toString(), "--preset", "shallow",
                "--layers", "softmax:10", "--epochs", "1").assertOk();
        assertTrue(again.out().contains("training softmax:10 (log-likelihood) on 40 samples, 1 epochs, batch 10, eta 0.1"), again.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"expanded_data", "expanded_data_double_fc", "double_fc_dropout"})
    void expandedPresetsWithoutExpandedDataSayHowToMakeIt(String preset) {
        CliRun run = train("--preset", preset).assertBadInput("--preset " + preset + " trains on the expanded training data, but no --train gives it");
        assertTrue(run.err().contains("\nmake it with 'nndl4j expand --train SPEC --out DIR' and give --train DIR/train-images-idx3-ubyte.gz"),
                run.err());
        train("--preset", preset, "--train", tiny + "[:40]")
                .assertBadInput("--train " + tiny + "[:40] is not expanded data: image 1 is not image 0 shifted down by one pixel");
    }

    @Test
    void expandedPresetsTrainOnTheExpandCommandsOutput() {
        Path out = dir.resolve("expanded");
        CliRun.of("expand", "--train", tiny + "[:8]", "--out", out.toString()).assertOk();
        String expanded = out.resolve("train-images-idx3-ubyte.gz").toString();
        CliRun run = train("--preset", "expanded_data", "--train", expanded, "--epochs", "1").assertOk();
        assertTrue(run.out().contains("trained on MNIST's 50,000 training images expanded to 250,000"), run.out());
        assertTrue(run.out().contains("mini-batches shuffled every epoch"), run.out());
        assertTrue(run.out().contains("on 40 samples, 1 epochs, batch 10, eta 0.03, lambda 0.1"), run.out());
        train("--preset", "expanded_data", "--train", expanded + "[5:25]", "--layers", "softmax:10", "--epochs", "1").assertOk();
        train("--preset", "expanded_data", "--train", expanded + "[1:21]", "--layers", "softmax:10", "--epochs", "1")
                .assertBadInput("image 1 is not image 0 shifted down");
    }

    @Test
    void expandedDataIsRecognizedByItsShifts() {
        Path out = dir.resolve("expanded");
        CliRun.of("expand", "--train", tiny + "[:6]", "--out", out.toString()).assertOk();
        Dataset expanded = DataSpec.load(out.resolve("train-images-idx3-ubyte.gz").toString());
        Shape mnist = new Shape(1, 28, 28);
        assertEquals(Optional.empty(), ExpandedData.mismatch(expanded, mnist));
        assertEquals(Optional.of("its 29 images are not groups of 5"), ExpandedData.mismatch(expanded.slice(0, 29), mnist));
        assertEquals(Optional.of("its samples are not images (1×1×784)"), ExpandedData.mismatch(expanded, Shape.flat(784)));
        float[] x = expanded.inputs().clone();
        x[13 * 784 + 300] += 1 / 255f; // image 13 is image 10 shifted right
        Dataset broken = new Dataset(x, 784, expanded.targets(), 10);
        assertTrue(ExpandedData.mismatch(broken, mnist).orElseThrow().startsWith("image 13 is not image 10 shifted right by one pixel"));
        float[] y = expanded.targets().clone();
        int label = expanded.label(29);
        y[29 * 10 + label] = 0;
        y[29 * 10 + (label + 1) % 10] = 1; // image 29 keeps its pixels but not its label
        assertTrue(ExpandedData.mismatch(new Dataset(expanded.inputs(), 784, y, 10), mnist).orElseThrow()
                .startsWith("image 29 is not image 25 shifted left"));
    }

    /** The preset on real digits, briefly: its network trains, and the saved model is the one whose accuracy was printed. */
    @Test
    void basicConvRunsOnRealDigits() {
        String t10k = TinyIdx.t10k();
        Path model = dir.resolve("basic_conv.json");
        CliRun run = CliRun.of("train", "--preset", "basic_conv", "--epochs", "1", "--train", t10k + "[:300]",
                "--validation", t10k + "[8000:8100]", "--test", t10k + "[9000:9100]", "--seed", "1",
                "--save", model.toString()).assertOk();
        assertTrue(run.out().startsWith("preset basic_conv: the book reports 98.78% test accuracy"), run.out());
        assertTrue(run.out().contains("training conv:20:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10 (log-likelihood) "
                + "on 300 samples, 1 epochs, batch 10, eta 0.1, lambda 0.0, seed 1"), run.out());
        assertTrue(run.out().matches("(?s).*\nEpoch 0: validation accuracy \\d+\\.\\d\\d% \\(\\d+\\.\\d\\d s\\)\n.*"), run.out());
        Matcher test = Pattern.compile("Corresponding test accuracy of (\\d+\\.\\d\\d)%").matcher(run.out());
        assertTrue(test.find(), run.out());

        LayeredNetwork saved = LayeredNetwork.load(model);
        assertEquals(Preset.BASIC_CONV.layers, saved.describe());
        assertEquals(new Shape(1, 28, 28), ((ConvPoolLayer) saved.layers().get(0)).imageShape());
        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--test", t10k + "[9000:9100]").assertOk();
        assertTrue(evaluate.out().startsWith("accuracy: "), evaluate.out());
        assertTrue(evaluate.out().contains("(" + test.group(1) + "%)"), "evaluate: " + evaluate.out() + "train: " + run.out());
    }
}
