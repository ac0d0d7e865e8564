package nndl4j.cli;

import nndl4j.Backends;
import nndl4j.backend.Backend;
import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.network.CrossEntropyCost;
import nndl4j.network.Model;
import nndl4j.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate} with several {@code --model}s: each model's accuracy and the accuracy of their plurality vote. */
class EnsembleEvaluateTest {
    @TempDir
    Path dir;

    /** Sample by sample: the most votes wins, a tie the lowest class. */
    @Test
    void pluralityVoteTakesTheLowestClassOnATie() {
        int[][] predictions = {
                {1, 2, 3, 0, 9},
                {1, 3, 2, 0, 7},
                {2, 3, 1, 5, 8},
        };
        assertArrayEquals(new int[] {1, 3, 1, 0, 7}, EvaluateCommand.pluralityVote(predictions, 10));
        assertArrayEquals(new int[] {2, 4}, EvaluateCommand.pluralityVote(new int[][] {{4, 4}, {2, 9}}, 10));
        assertArrayEquals(new int[] {6}, EvaluateCommand.pluralityVote(new int[][] {{6}}, 10));
    }

    /**
     * Three models of both formats, trained briefly on random digits so that they disagree often: the command's
     * numbers against each model's predictions, counted and voted here.
     */
    @Test
    void reportsEachModelAndTheVote() {
        String tiny = TinyIdx.write(dir, "tiny", 100, 3).toString();
        String[][] runs = {
                {"--sizes", "784,10,10", "--seed", "1"},
                {"--layers", "softmax:10", "--seed", "2"},
                {"--layers", "fc:12:relu,softmax:10", "--seed", "3"},
        };
        Path[] models = new Path[runs.length];
        for (int m = 0; m < runs.length; m++) {
            models[m] = dir.resolve("model" + m + ".json");
            String[] args = {"train", "--train", tiny + "[:60]", "--test", tiny + "[60:]", "--epochs", "1",
                    "--save", models[m].toString(), runs[m][0], runs[m][1], runs[m][2], runs[m][3]};
            CliRun.of(args).assertOk();
        }
        CliRun run = CliRun.of("evaluate", "--model", models[0].toString(), "--model", models[1].toString(),
                "--model", models[2].toString(), "--test", tiny + "[60:]", "--backend", "cpu").assertOk();

        Dataset test = DataSpec.load(tiny + "[60:]");
        int[][] predictions = new int[models.length][];
        try (Backend cpu = Backends.open("cpu", notice -> { })) {
            for (int m = 0; m < models.length; m++) {
                try (Model model = Model.load(models[m]).useBackend(cpu)) {
                    predictions[m] = model.predictions(test);
                }
            }
        }
        String[] lines = run.out().strip().split("\n");
        assertEquals(models.length + 1, lines.length, run.out());
        Pattern modelLine = Pattern.compile("model (\\d) (.+): accuracy: (\\d+) / 40 \\(\\d+\\.\\d\\d%\\), cost: \\d+\\.\\d{6} \\(.+\\)");
        for (int m = 0; m < models.length; m++) {
            Matcher line = modelLine.matcher(lines[m]);
            assertTrue(line.matches(), lines[m]);
            assertEquals(m + 1, Integer.parseInt(line.group(1)));
            assertEquals(models[m].toString(), line.group(2));
            assertEquals(correct(predictions[m], test), Integer.parseInt(line.group(3)), lines[m]);
        }
        int[] vote = new int[test.size()];
        int ties = 0;
        for (int j = 0; j < test.size(); j++) {
            int a = predictions[0][j], b = predictions[1][j], c = predictions[2][j];
            if (a != b && b != c && a != c) {
                ties++;
                vote[j] = Math.min(a, Math.min(b, c)); // one vote each: the lowest class
            } else {
                vote[j] = a == b || a == c ? a : b; // a class with two or three votes
            }
        }
        assertTrue(ties > 0, "the data should exercise the tie rule");
        int expected = correct(vote, test);
        assertEquals(String.format("vote of 3 models: accuracy: %d / 40 (%s)", expected, TrainCommand.percent(expected, 40)),
                lines[3]);
    }

    private static int correct(int[] predicted, Dataset data) {
        int n = 0;
        for (int j = 0; j < predicted.length; j++) {
            n += predicted[j] == data.label(j) ? 1 : 0;
        }
        return n;
    }

    @Test
    void theModelsMustClassifyTheSameData() {
        String tiny = TinyIdx.write(dir, "tiny", 20, 4).toString();
        Path ten = dir.resolve("ten.json"), five = dir.resolve("five.json");
        new Network(new int[] {784, 8, 10}, CrossEntropyCost.INSTANCE, 1).save(ten);
        new Network(new int[] {784, 8, 5}, CrossEntropyCost.INSTANCE, 1).save(five);
        CliRun.of("evaluate", "--model", ten.toString(), "--model", five.toString(), "--test", tiny)
                .assertBadInput(five + " takes 784 inputs to 5 outputs but " + ten + " takes 784 to 10");
    }
}
