package nndl4j.cli;

import nndl4j.network.CrossEntropyCost;
import nndl4j.network.Network;
import nndl4j.tools.Expansion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bad-input corpus: command lines that must each fail with exit 1 (2 for usage errors), one {@code error:} line
 * naming the problem, at most one hint and no stack trace, and leave every file that was in the folder before byte
 * for byte as it was (contents, permissions, links). Adding a case is one line in {@link #corpus}: a readable name,
 * the part of the error line to expect, and the arguments, in which {DIR} is the test's folder and the fixture
 * files below are named by their placeholders.
 *
 * <p>Fixtures in {DIR}: {TRAIN} ({@code train-images-idx3-ubyte.gz}, 60 random digits, with its labels file
 * {LABELS} beside it: the names {@code expand} writes), {MODEL} (a saved [784,5,10] network), {LINK} (a symbolic link
 * to {MODEL}), {HARD} (a hard link to {TRAIN}), {FOLDER} (an empty folder), {RO} (a read-only folder), {FIFO} (a named
 * pipe), {MISSING} (a training file that does not exist: hyperparameter errors must win over loading it).
 */
class BadInputCorpusTest {
    @TempDir
    static Path shared; // a folder per class: the cases only read it (each checks that)

    /** One command line and the part of its error line to expect; {@code runsHere} false skips it with {@code why}. */
    record Case(String expected, int exit, String[] args, Predicate<Path> runsHere, String why) {
    }

    private static final Predicate<Path> ALWAYS = dir -> true;
    private static final Predicate<Path> NOT_ROOT = dir -> !isRoot();

    private static Named<Case> bad(String name, String expected, String... args) {
        return Named.of(name, new Case(expected, Main.EXIT_BAD_INPUT, args, ALWAYS, null));
    }

    private static Named<Case> usage(String name, String expected, String... args) {
        return Named.of(name, new Case(expected, Main.EXIT_USAGE, args, ALWAYS, null));
    }

    private static Named<Case> badUnless(Predicate<Path> runsHere, String why, String name, String expected, String... args) {
        return Named.of(name, new Case(expected, Main.EXIT_BAD_INPUT, args, runsHere, why));
    }

    /** The usual training options before a case's own: the fixture data, one epoch, a seed, the CPU (no notice). */
    private static String[] train(String... extra) {
        return Stream.concat(Stream.of("train", "--train", "{TRAIN}[:40]", "--test", "{TRAIN}[40:]", "--epochs", "1",
                "--seed", "1", "--backend", "cpu"), Arrays.stream(extra)).toArray(String[]::new);
    }

    /** Training on a file that does not exist: the case's own error must come first. */
    private static String[] beforeData(String... extra) {
        return Stream.concat(Stream.of("train", "--train", "{MISSING}"), Arrays.stream(extra)).toArray(String[]::new);
    }

    static Stream<Named<Case>> corpus() {
        return Stream.of(
                // ---- outputs: checked before training, never clobbering an input or each other ----
                bad("--save and --history the same file", "are the same file", train("--save", "{DIR}/m.json", "--history", "{DIR}/m.json")),
                bad("--save and --plot the same file", "are the same file", train("--save", "{DIR}/m.png", "--plot", "{DIR}/m.png")),
                bad("--history and --plot the same file", "are the same file", train("--history", "{DIR}/h", "--plot", "{DIR}/h")),
                bad("--save and --history the same file spelled differently", "are the same file",
                        train("--save", "{DIR}/m.json", "--history", "{DIR}/FOLDER/../m.json")),
                bad("--save and --history the same file through a link", "are the same file", train("--save", "{MODEL}", "--history", "{LINK}")),
                bad("--save onto the training images", "is the input --train", train("--save", "{TRAIN}")),
                bad("--save onto the training labels beside them", "is the input --train", train("--save", "{LABELS}")),
                bad("--history onto the test images", "is the input --t", train("--history", "{TRAIN}")),
                bad("--save onto a hard link of the training images", "is the input --train", train("--save", "{HARD}")),
                bad("--save onto the --from model", "is the input --from", train("--from", "{MODEL}", "--save", "{MODEL}")),
                bad("--save through a link onto the --from model", "is the input --from", train("--from", "{MODEL}", "--save", "{LINK}")),
                bad("--save onto a file of the --data folder", "is the input --data",
                        "train", "--data", "{DIR}", "--save", "{TRAIN}"),
                bad("--save to a directory", "it is a directory", train("--save", "{FOLDER}")),
                bad("--plot to a directory", "it is a directory", train("--plot", "{FOLDER}")),
                bad("--save to a named pipe", "not a regular file", train("--save", "{FIFO}")),
                bad("--save to /dev/null", "not a regular file", train("--save", "/dev/null")),
                bad("--save below a file", "is not a directory", train("--save", "{MODEL}/m.json")),
                badUnless(NOT_ROOT, "root writes into read-only folders", "--save into a read-only folder", "not writable",
                        train("--save", "{RO}/m.json")),
                bad("--save error before the data loads", "it is a directory", beforeData("--save", "{FOLDER}")),
                bad("plot --out onto its --history", "is the input --history", "plot", "--history", "{MODEL}", "--out", "{MODEL}"),
                bad("show --out onto its --images", "is the input --images", "show", "--images", "{TRAIN}", "--out", "{TRAIN}"),
                bad("show --out to a directory", "it is a directory", "show", "--images", "{TRAIN}", "--out", "{FOLDER}"),
                bad("expand into the folder of its input", "is the input --train", "expand", "--train", "{TRAIN}", "--out", "{DIR}"),
                bad("expand --out a file", "is not a directory", "expand", "--train", "{TRAIN}", "--out", "{MODEL}"),
                // ---- hyperparameters: before any data is loaded ----
                bad("batch size 0", "mini-batch size", beforeData("--batch-size", "0")),
                bad("eta NaN", "learning rate", beforeData("--eta", "NaN")),
                bad("eta 0", "learning rate", beforeData("--eta", "0")),
                bad("eta negative", "learning rate", beforeData("--eta", "-1")),
                bad("eta infinite", "learning rate", beforeData("--eta", "Infinity")),
                bad("epochs 0", "epochs", beforeData("--epochs", "0")),
                bad("lambda negative", "lambda", beforeData("--lambda", "-1")),
                bad("lambda infinite", "lambda", beforeData("--lambda", "Infinity")),
                bad("early stopping negative", "early stopping", beforeData("--early-stopping", "-2")),
                bad("one size", "invalid --sizes", beforeData("--sizes", "784")),
                bad("a size not a number", "invalid --sizes", beforeData("--sizes", "784,x,10")),
                bad("a size beyond int", "invalid --sizes", beforeData("--sizes", "784,99999999999,10")),
                bad("sizes 784,3000000,10 overflow a matrix", "more than one matrix can hold", beforeData("--sizes", "784,3000000,10")),
                bad("sizes 784,100000000,10 overflow a matrix", "more than one matrix can hold", beforeData("--sizes", "784,100000000,10")),
                bad("sizes 784,2147483647,10 overflow a matrix", "more than one matrix can hold", beforeData("--sizes", "784,2147483647,10")),
                bad("unknown monitor", "unknown monitor", beforeData("--monitor", "everything")),
                bad("unknown cost", "unknown cost", beforeData("--cost", "hinge")),
                bad("unknown init", "unknown --init", beforeData("--init", "zeros")),
                bad("unknown activation", "unknown --activation", beforeData("--activation", "swish")),
                bad("network2 option with --layers", "--sizes is a network2 option", beforeData("--layers", "softmax:10", "--sizes", "784,10")),
                bad("unknown preset", "unknown preset", beforeData("--preset", "nope")),
                bad("unknown layer type", "unknown layer type 'pool'", beforeData("--layers", "pool:20,softmax:10")),
                bad("layers not ending in softmax", "must be softmax:N", beforeData("--layers", "fc:30,fc:10")),
                bad("conv after fc", "follows a fully connected layer", beforeData("--layers", "fc:30,conv:20:5x5,softmax:10")),
                bad("a filter larger than the image", "does not fit", train("--layers", "conv:20:29x29,softmax:10")),
                // ---- memory: estimated before anything is allocated ----
                bad("sizes needing hundreds of GiB", "needs about",
                        train("--sizes", "784,2000000,1000,2000000,1000,2000000,1000,2000000,1000,2000000,10")),
                bad("layers needing hundreds of GiB", "needs about",
                        train("--layers", "fc:2000000,fc:1000,fc:2000000,fc:1000,fc:2000000,fc:1000,fc:2000000,fc:1000,softmax:10")),
                                // three copies of its 795,010,010 parameters (MemoryEstimate) do not fit this JVM's heap
                badUnless(dir -> 12L * 795_010_010 > Runtime.getRuntime().maxMemory(), "this JVM's heap holds [784,1000000,10]",
                        "sizes 784,1000000,10 beyond this JVM's heap", "needs about", train("--sizes", "784,1000000,10")),
                bad("layered mini-batch of 10000000 on 40 samples", "does not fill one mini-batch",
                        train("--layers", "softmax:10", "--batch-size", "10000000")),
                // ---- checkpoints ----
                bad("--checkpoint onto a file", "not a directory", train("--checkpoint", "{MODEL}")),
                bad("--checkpoint-every 0", "--checkpoint-every", train("--checkpoint", "{DIR}/ck", "--checkpoint-every", "0")),
                bad("--checkpoint-every without a directory", "needs --checkpoint", train("--checkpoint-every", "2")),
                bad("--resume of a folder without a checkpoint", "no checkpoint in", train("--resume", "{FOLDER}")),
                bad("--checkpoint folder not made when the data is missing", "{MISSING}",
                        "train", "--train", "{MISSING}", "--checkpoint", "{DIR}/ck"),
                // ---- data and models ----
                bad("missing training file", "{MISSING}", "train", "--train", "{MISSING}"),
                bad("a file name with a line break stays on the error line", "two\\u000alines",
                        "train", "--train", "{DIR}/two\nlines-images-idx3-ubyte"),
                bad("slice selecting nothing (bounds clamp as in Python)", "selects no images", "train", "--train", "{TRAIN}[99:]"),
                bad("slice with a step", "step", "train", "--train", "{TRAIN}[::2]"),
                bad("input size differs from the first layer", "first layer has 100", train("--sizes", "100,30,10")),
                bad("evaluate a missing model", "model file not found", "evaluate", "--model", "{DIR}/none.json", "--test", "{TRAIN}"),
                bad("evaluate lambda negative before loading", "lambda", "evaluate", "--model", "{DIR}/none.json", "--test",
                        "{MISSING}", "--lambda", "-1"),
                // ---- the command line itself ----
                usage("unknown option", "--epoch", "train", "--epoch", "3"),
                usage("no command", "missing command"),
                usage("baseline without darkness or svm", "missing baseline", "baseline"));
    }

    @BeforeEach
    void fixtures() throws Exception {
        if (Files.exists(shared.resolve(Expansion.IMAGES_FILE))) {
            return; // made by the first case; every case checks it leaves them as they were
        }
        Path images = TinyIdx.write(shared, "train", 60, 1);
        assertEquals(Expansion.IMAGES_FILE, images.getFileName().toString());
        Path model = shared.resolve("model.json");
        new Network(new int[] {784, 5, 10}, CrossEntropyCost.INSTANCE, 3).save(model);
        Files.createSymbolicLink(shared.resolve("link.json"), model.getFileName());
        Files.createLink(shared.resolve("hard-link-images"), images);
        Files.createDirectory(shared.resolve("folder"));
        Path readOnly = Files.createDirectory(shared.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        new ProcessBuilder("mkfifo", shared.resolve("fifo").toString()).inheritIO().start().waitFor();
    }

    private static String expand(String text, Path dir) {
        return text.replace("{TRAIN}", dir.resolve(Expansion.IMAGES_FILE).toString())
                .replace("{LABELS}", dir.resolve(Expansion.LABELS_FILE).toString())
                .replace("{MODEL}", dir.resolve("model.json").toString())
                .replace("{LINK}", dir.resolve("link.json").toString())
                .replace("{HARD}", dir.resolve("hard-link-images").toString())
                .replace("{FOLDER}", dir.resolve("folder").toString())
                .replace("{RO}", dir.resolve("read-only").toString())
                .replace("{FIFO}", dir.resolve("fifo").toString())
                .replace("{MISSING}", dir.resolve("missing-images-idx3-ubyte.gz").toString())
                .replace("{DIR}", dir.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void failsWithOneLineAndTouchesNothing(Case c) throws IOException {
        assumeTrue(c.runsHere().test(shared), () -> "skipped here: " + c.why());
        if (Arrays.asList(c.args()).contains("{FIFO}")) {
            assumeTrue(Files.exists(shared.resolve("fifo")), "no mkfifo here");
        }
        Map<String, String> before = snapshot(shared);
        String[] args = Arrays.stream(c.args()).map(a -> expand(a, shared)).toArray(String[]::new);
        CliRun run = CliRun.of(args);
        String context = "exit " + run.exit() + "\nstdout: " + run.out() + "\nstderr: " + run.err();
        assertEquals(c.exit(), run.exit(), context);
        String[] lines = run.err().strip().split("\\R");
        assertTrue(lines[0].startsWith("error: "), context);
        assertTrue(lines[0].contains(expand(c.expected(), shared)), () -> "expected '" + c.expected() + "' in: " + lines[0]);
        assertTrue(lines.length <= 2, "one error line and at most one hint:\n" + run.err());
        assertFalse(run.err().contains("\tat ") || run.out().contains("\tat "), "stack trace:\n" + run.err());
        assertEquals(before, snapshot(shared), "the folder changed");
    }

    /** Every entry below {@code dir}: its type, permissions and, for a regular file, its bytes (as hex); a link's target. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(key, "link to " + Files.readSymbolicLink(p));
                } else {
                    String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            ? "file " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p)))
                            : Files.isDirectory(p) ? "folder" : "other";
                    entries.put(key, content + " " + permissions);
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return entries;
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            return new String(id.getInputStream().readAllBytes()).strip().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    // ---- what succeeds, checked on its own ----

    @TempDir
    Path dir;

    @Test
    void aSaveOverA0600FileKeeps0600AndALinkStaysALink() throws Exception {
        Path images = TinyIdx.write(dir, "tiny", 30, 2);
        Path secret = dir.resolve("secret.json");
        Files.writeString(secret, "old");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, secret.getFileName());
        CliRun.of("train", "--train", images.toString(), "--epochs", "1", "--sizes", "784,5,10", "--save", link.toString())
                .assertOk();
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertArrayEquals(new int[] {784, 5, 10}, Network.load(secret).sizes());
    }

    @Test
    void aMiniBatchBeyondTheDataIsOneMiniBatchOfItAll() {
        Path images = TinyIdx.write(dir, "tiny", 30, 2);
        Path model = dir.resolve("m.json");
        CliRun run = CliRun.of("train", "--train", images.toString(), "--epochs", "1", "--batch-size", "10000000",
                "--sizes", "784,5,10", "--seed", "1", "--save", model.toString()).assertOk();
        assertTrue(run.out().contains("mini-batches of 10000000 exceed the 30 training samples"), run.out());
        // one mini-batch of all 30: the same step as --batch-size 30
        Path thirty = dir.resolve("thirty.json");
        CliRun.of("train", "--train", images.toString(), "--epochs", "1", "--batch-size", "30",
                "--sizes", "784,5,10", "--seed", "1", "--save", thirty.toString()).assertOk();
        assertArrayEquals(Network.load(thirty).weights()[0][0], Network.load(model).weights()[0][0]);
        assertNotEquals(0f, Network.load(model).weights()[0][0][0]);
    }

    /** What no command line can trigger safely: an OutOfMemoryError and another Error reaching the top. */
    @Test
    void errorsAtTheTopAreOneLine() {
        for (Throwable thrown : List.of(new OutOfMemoryError("Java heap space"), new StackOverflowError())) {
            CommandLine cl = Main.commandLine();
            java.io.StringWriter err = new java.io.StringWriter();
            cl.setErr(new java.io.PrintWriter(err));
            assertEquals(Main.EXIT_BAD_INPUT, Main.handleError(thrown, cl, null));
            String[] lines = err.toString().strip().split("\\R");
            assertTrue(lines.length <= 2 && lines[0].startsWith("error: "), err.toString());
            assertTrue(lines[0].contains(thrown instanceof OutOfMemoryError ? "out of memory (Java heap space); this JVM may use"
                    : "java.lang.StackOverflowError (run with --verbose for details)"), lines[0]);
            assertFalse(err.toString().contains("\tat "), err.toString());
        }
    }

    @Test
    void helpIsACommandAndHintsHaveOneSpace() {
        CliRun help = CliRun.of("help", "train");
        help.assertOk();
        assertTrue(help.out().contains("--batch-size"), help.out());
        CliRun top = CliRun.of("--epochs");
        assertTrue(top.err().contains("see 'nndl4j --help'"), top.err());
    }
}
