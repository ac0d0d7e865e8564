package nndl4j.cli;

import nndl4j.data.Idx;
import nndl4j.data.IdxImages;
import nndl4j.network.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end: what works, and one clear line with a non-zero exit for every bad input. */
class CliTest {
    @TempDir
    Path dir;
    private String images;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** 60 random 28×28 digits with labels, as gzipped IDX in the temp folder. */
    @BeforeEach
    void writeTinyMnist() {
        images = writeIdx("tiny", 60, 60).toString();
    }

    private Path writeIdx(String name, int imageCount, int labelCount) {
        Random r = new Random(name.hashCode());
        byte[] pixels = new byte[imageCount * 784];
        r.nextBytes(pixels);
        int[] labels = new int[labelCount];
        for (int i = 0; i < labelCount; i++) {
            labels[i] = r.nextInt(10);
        }
        Path imagesFile = dir.resolve(name + "-images-idx3-ubyte.gz");
        Idx.writeImages(imagesFile, new IdxImages(imageCount, 28, 28, pixels));
        Idx.writeLabels(dir.resolve(name + "-labels-idx1-ubyte.gz"), labels);
        return imagesFile;
    }

    /** A bad-input failure: exit 1, an "error:" line naming the problem, at most one hint line, no stack trace. */
    private static void assertOneLineError(Result r, String expected) {
        assertEquals(1, r.exit(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines.length <= 2, "more than an error and a hint line:\n" + r.err());
        assertTrue(lines[0].startsWith("error: "), r.err());
        assertTrue(lines[0].contains(expected), "expected '" + expected + "' in: " + lines[0]);
        assertFalse(r.err().contains("\tat "), "stack trace printed:\n" + r.err());
    }

    private Result train(String... extra) {
        String[] base = {"train", "--train", images + "[:40]", "--test", images + "[40:]", "--seed", "1"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    // ---- what works ----

    @Test
    void trainSavesAModelThatEvaluateReads() {
        Path model = dir.resolve("model.json");
        Result r = train("--epochs", "2", "--save", model.toString(), "--history", dir.resolve("h.json").toString(),
                "--monitor", "all");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*Epoch 0: \\d+ / 20 test \\(\\d+\\.\\d\\d%\\).*, \\d+\\.\\d\\d s\n.*Epoch 1: .*"), r.out());
        assertArrayEquals(new int[] {784, 30, 10}, Network.load(model).sizes());
        Result e = run("evaluate", "--model", model.toString(), "--test", images + "[40:]");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().matches("(?s)accuracy: \\d+ / 20 \\(\\d+\\.\\d\\d%\\)\ncost: .*"), e.out());
        assertTrue(Files.exists(dir.resolve("h.json")));
    }

    @Test
    void trainContinuesFromASavedModelWithItsSizesAndCost() {
        Path model = dir.resolve("small.json");
        assertEquals(0, train("--epochs", "1", "--sizes", "784,12,10", "--cost", "cross-entropy", "--save", model.toString()).exit());
        Result r = train("--epochs", "1", "--from", model.toString(), "--eta", "0.5");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("[784, 12, 10] (CrossEntropyCost)"), r.out());
        assertOneLineError(train("--from", model.toString(), "--sizes", "784,30,10"), "do not match the model's sizes 784,12,10");
    }

    @Test
    void benchmarkPrintsOneLinePerRun() {
        Result r = run("benchmark", "--backend", "cpu", "--sizes", "20,5,3", "--batch-size", "4", "--batch-size", "7",
                "--samples", "200", "--epochs", "3", "--warmup", "1");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].matches("backend=cpu sizes=20,5,3 batch=4 samples/s=\\d+ gflops=\\d+\\.\\d .*"), lines[0]);
        assertTrue(lines[1].startsWith("backend=cpu sizes=20,5,3 batch=7 "), lines[1]);
    }

    @Test
    void benchmarkMeasuresLayeredNetworks() {
        Result r = run("benchmark", "--backend", "cpu", "--layers", "fc:5:relu,softmax:3", "--batch-size", "4",
                "--samples", "200", "--epochs", "1", "--warmup", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().matches("backend=cpu layers=fc:5:relu,softmax:3 batch=4 samples/s=\\d+ gflops=\\d+\\.\\d .*"), r.out());
    }

    @Test
    void infoListsEveryBackend() {
        Result r = run("info");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("java " + System.getProperty("java.version")), r.out());
        assertTrue(r.out().matches("(?s).*\n  cpu +available .*"), r.out());
    }

    @Test
    void trainActivationIsRecordedInTheModel() {
        Path model = dir.resolve("tanh.json");
        assertEquals(0, train("--epochs", "1", "--activation", "tanh", "--save", model.toString()).exit());
        assertEquals(nndl4j.backend.Activation.TANH, Network.load(model).activation());
    }

    @Test
    void trainFromWithASeedRepeatsTheRun() { // train() gives --seed 1
        Path model = dir.resolve("start.json");
        assertEquals(0, train("--epochs", "1", "--save", model.toString()).exit());
        Path first = dir.resolve("first.json"), second = dir.resolve("second.json");
        assertEquals(0, train("--epochs", "1", "--from", model.toString(), "--save", first.toString()).exit());
        assertEquals(0, train("--epochs", "1", "--from", model.toString(), "--save", second.toString()).exit());
        assertArrayEquals(Network.load(first).weights()[0][0], Network.load(second).weights()[0][0]);
    }

    @Test
    void trainLayersContinuesALayeredModel() {
        Path model = dir.resolve("layered.json");
        Result r = train("--layers", "fc:12:relu,softmax:10", "--epochs", "1", "--batch-size", "5", "--save", model.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("no validation data: the test data stands in for it"), r.out());
        assertTrue(r.out().contains("fc:12:relu,softmax:10 (log-likelihood)"), r.out());
        Result again = train("--from", model.toString(), "--epochs", "1", "--batch-size", "5");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("Finished training network."), again.out());
    }

    // ---- bad input ----

    @Test
    void missingFile() {
        assertOneLineError(run("train", "--train", dir.resolve("nope-images-idx3-ubyte.gz").toString()), "nope-images-idx3-ubyte.gz");
    }

    @Test
    void wrongMagic() throws IOException {
        Path fake = dir.resolve("fake-images-idx3-ubyte.gz");
        Files.copy(dir.resolve("tiny-labels-idx1-ubyte.gz"), fake);
        Files.copy(dir.resolve("tiny-labels-idx1-ubyte.gz"), dir.resolve("fake-labels-idx1-ubyte.gz"));
        assertOneLineError(run("train", "--train", fake.toString()), "magic");
    }

    @Test
    void truncatedGzip() throws IOException {
        Path cut = dir.resolve("cut-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(Path.of(images));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.copy(dir.resolve("tiny-labels-idx1-ubyte.gz"), dir.resolve("cut-labels-idx1-ubyte.gz"));
        assertOneLineError(run("train", "--train", cut.toString()), "cut-images-idx3-ubyte.gz");
    }

    @Test
    void imageAndLabelCountsDiffer() {
        Path odd = writeIdx("odd", 10, 9);
        assertOneLineError(run("train", "--train", odd.toString()), "10");
    }

    @Test
    void sliceSelectingNothing() {
        // [0:99] clamps to the 60 images, as in Python; [60:] then selects none
        assertOneLineError(run("train", "--train", images + "[60:99]"), "selects no images (it holds 60)");
    }

    @Test
    void inputSizeDiffersFromFirstLayer() {
        assertOneLineError(train("--sizes", "100,30,10", "--backend", "cpu"), "first layer has 100"); // cpu: no notice
    }

    @ParameterizedTest
    @CsvSource({"--eta,0,learning rate", "--eta,-1,learning rate", "--eta,NaN,learning rate",
            "--batch-size,0,mini-batch size", "--epochs,0,epochs", "--lambda,-1,lambda", "--lambda,Infinity,lambda",
            "--early-stopping,-2,early stopping", "--sizes,784,sizes", "--sizes,784;x,sizes"})
    void invalidHyperparameters(String option, String value, String expected) {
        assertOneLineError(train(option, value.replace(';', ',')), expected);
    }

    @Test
    void unknownBackendCostInitAndMonitor() {
        assertOneLineError(train("--backend", "tpu"), "unknown backend 'tpu'");
        assertOneLineError(train("--cost", "hinge"), "unknown cost 'hinge'");
        assertOneLineError(train("--init", "zeros"), "unknown --init 'zeros'");
        assertOneLineError(train("--monitor", "everything"), "unknown monitor 'everything'");
    }

    @Test
    void malformedAndInconsistentModels() throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"sizes\": [784, 10], \"weights\": ");
        assertOneLineError(run("evaluate", "--model", broken.toString(), "--test", images), "not valid JSON");
        Path inconsistent = dir.resolve("inconsistent.json");
        Files.writeString(inconsistent, "{\"sizes\": [784, 1], \"weights\": [[[0.5]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"}");
        assertOneLineError(train("--from", inconsistent.toString()), "weights[0][0] has 1 entries");
        assertOneLineError(run("evaluate", "--model", dir.resolve("none.json").toString(), "--test", images), "model file not found");
    }

    @Test
    void divergenceStopsNamesTheEpochAndSavesNothing() {
        Path model = dir.resolve("never.json");
        // weight decay 1 − ηλ/n = −7.5e10 per mini-batch: the weights overflow float within 4 mini-batches
        Result r = train("--epochs", "1", "--eta", "3", "--lambda", "1e12", "--save", model.toString(), "--backend", "cpu");
        assertOneLineError(r, "training diverged in epoch 0");
        assertTrue(r.err().contains("smaller learning rate"), r.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("train", "--epoch", "3");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("see 'nndl4j train --help'"), r.err());
    }

    @Test
    void evaluateNeedsTestData() {
        assertOneLineError(run("evaluate", "--model", dir.resolve("m.json").toString()), "no test data");
    }

    /** Ctrl-C (SIGINT) in a real process: the run stops after its mini-batch, saves a valid model and exits 130. */
    @Test
    void ctrlCSavesAndExits() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to send SIGINT");
        Path model = dir.resolve("interrupted.json");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--train", images + "[:40]", "--test", images + "[40:]", "--epochs", "1000000",
                "--batch-size", "1", "--save", model.toString())
                .redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("Epoch 2:")) {
                break;
            }
        }
        new ProcessBuilder("/bin/kill", "-INT", Long.toString(p.pid())).start().waitFor();
        seen.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "did not stop after Ctrl-C:\n" + seen);
        assertEquals(TrainCommand.EXIT_INTERRUPTED, p.exitValue(), seen.toString());
        assertTrue(seen.toString().contains("interrupted during epoch"), seen.toString());
        assertArrayEquals(new int[] {784, 30, 10}, Network.load(model).sizes());
    }

    // ---- bad input: layered networks ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pool:20,softmax:10 | unknown layer type 'pool'",
            "fc,softmax:10 | needs a size",
            "fc:0,softmax:10 | invalid size '0'",
            "fc:30:swish,softmax:10 | unknown activation 'swish'",
            "fc:30:dropout=1,softmax:10 | invalid dropout '1'",
            "fc:30:dropout=-0.1,softmax:10 | invalid dropout '-0.1'",
            "fc:30:dropout=abc,softmax:10 | invalid dropout 'abc'",
            "fc:30,fc:10 | must be softmax:N",
            "fc:30,softmax:9 | 9 outputs but the data has 10 classes",
    })
    void badLayers(String spec, String expected) {
        assertOneLineError(train("--layers", spec), expected);
    }

    @ParameterizedTest
    @CsvSource({"--sizes,784,30,10", "--cost,cross-entropy", "--init,default", "--activation,relu",
            "--monitor,all", "--early-stopping,3"})
    void network2OptionsWithLayers(String option, String value) {
        assertOneLineError(train("--layers", "softmax:10", option, value), option + " is a network2 option");
    }

    @Test
    void noShuffleWithLayersAndShuffleWithout() {
        assertOneLineError(train("--layers", "softmax:10", "--no-shuffle"), "--no-shuffle is a network2 option");
        assertOneLineError(train("--shuffle"), "--shuffle applies to layered networks");
    }

    @Test
    void modelFilesOfTheOtherKind() {
        Path network2 = dir.resolve("network2.json"), layered = dir.resolve("layered.json");
        assertEquals(0, train("--epochs", "1", "--save", network2.toString()).exit());
        assertEquals(0, train("--layers", "softmax:10", "--epochs", "1", "--save", layered.toString()).exit());
        assertOneLineError(train("--from", network2.toString(), "--layers", "softmax:10"), "holds a network2 network");
        assertOneLineError(train("--from", layered.toString(), "--sizes", "784,10"), "does not apply to the layered network in");
        assertOneLineError(train("--from", layered.toString(), "--layers", "fc:30,softmax:10"), "does not match the model's layers softmax:10");
    }

    @Test
    void logLikelihoodCostWithoutLayers() {
        assertOneLineError(train("--cost", "log-likelihood"), "unknown cost 'log-likelihood' for a network2 network");
    }
}
