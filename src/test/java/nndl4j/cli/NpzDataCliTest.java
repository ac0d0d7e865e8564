package nndl4j.cli;

import nndl4j.data.NpzFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** train with npz data and FILE:PART specs through the command line (fixtures: scripts/make_npz_fixtures.py). */
class NpzDataCliTest {
    private static final String NPZ = NpzFixtures.file("mnist-fixture.npz").toString();
    private static final String[] SMALL = {"--epochs", "1", "--sizes", "784,10,10", "--seed", "1"};

    @TempDir
    Path dir;

    @Test
    void trainsOnAnNpz() {
        // 120 training images: no validation part, so the 30 test images are evaluated
        CliRun run = train("--data", NPZ).assertOk();
        assertTrue(run.out().matches("(?s).*Epoch 0: \\d+ / 30 test .*"), run.out());
    }

    @Test
    void trainsOnSlicedParts() {
        CliRun run = train("--train", NPZ + ":test[:20]", "--test", NPZ + ":test[-10:]").assertOk();
        assertTrue(run.out().matches("(?s).*Epoch 0: \\d+ / 10 test .*"), run.out());
        run = train("--train", NPZ + ":train[:99999]", "--validation", NPZ + ":train[-20:]", "--test", NPZ + ":test").assertOk();
        assertTrue(run.out().matches("(?s).*Epoch 0: \\d+ / 20 .*"), run.out());
    }

    @Test
    void dataWithoutATrainingFileServesTheOtherParts() {
        // the folder has no training file; --train replaces it and the folder's test set is still used
        TinyIdx.write(dir, "t10k", 7, 3);
        CliRun run = train("--data", dir.toString(), "--train", NPZ + ":train").assertOk();
        assertTrue(run.out().matches("(?s).*Epoch 0: \\d+ / 7 test .*"), run.out());
    }

    @Test
    void evaluateReadsOnlyTheTestPartOfData() {
        // a folder with only the test set: evaluate needs nothing else from it
        TinyIdx.write(dir, "t10k", 7, 3);
        Path model = dir.resolve("model.json");
        train("--train", NPZ + ":train", "--save", model.toString()).assertOk();
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", dir.toString()).assertOk();
        assertTrue(run.out().matches("(?s)accuracy: \\d / 7 \\(.*"), run.out());
        run = CliRun.of("evaluate", "--model", model.toString(), "--data", NPZ).assertOk();
        assertTrue(run.out().matches("(?s)accuracy: \\d+ / 30 \\(.*"), run.out());
    }

    @Test
    void badSpecsAreOneErrorLine() {
        train("--train", NPZ + ":tset").assertBadInput("unknown part 'tset'", "train (or training), validation or test");
        train("--train", NPZ + ":test[::2]").assertBadInput("steps are not supported");
        train("--train", NPZ + ":test[30:]").assertBadInput("selects no images (it holds 30)");
        train("--train", NPZ + ":validation").assertBadInput("has no validation part");
        train("--train", NPZ).assertBadInput("name one");
        train("--data", NpzFixtures.file("bad-object.npz").toString()).assertBadInput("object array", "does not unpickle");
        train("--data", NpzFixtures.file("bad-truncated.npz").toString()).assertBadInput("not a valid npz");
    }

    private static CliRun train(String... args) {
        String[] all = new String[args.length + SMALL.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(SMALL, 0, all, 1 + args.length, SMALL.length);
        return CliRun.of(all);
    }
}
