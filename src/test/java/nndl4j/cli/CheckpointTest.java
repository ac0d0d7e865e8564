package nndl4j.cli;

import nndl4j.network.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code train --checkpoint/--resume} end to end: a run stopped (by its --epochs, or by a signal mid-epoch) and resumed
 * saves the same model file, byte for byte, as the same run done in one go (the oracle); a resume with other options or
 * data, or from a missing or damaged checkpoint, is one error line and leaves the checkpoint as it was.
 */
class CheckpointTest {
    @TempDir
    Path dir;
    private String images;
    private Path checkpoint;

    @BeforeEach
    void data() {
        images = TinyIdx.write(dir, "tiny", 70, 3).toString();
        checkpoint = dir.resolve("checkpoint");
    }

    /** network2 with shuffles, cross-entropy, L2 and every monitor; 4 mini-batches of 10 per epoch. */
    private String[] network2(String... extra) {
        return concat(new String[] {"train", "--train", images + "[:40]", "--test", images + "[40:]", "--sizes", "784,12,10",
                "--cost", "cross-entropy", "--lambda", "0.5", "--eta", "0.5", "--monitor", "all", "--seed", "4"}, extra);
    }

    /** A conv + dropout network, shuffled; 4 mini-batches of 10 per epoch. */
    private String[] layered(String... extra) {
        return concat(new String[] {"train", "--train", images + "[:40]", "--validation", images + "[40:60]",
                "--test", images + "[60:]", "--layers", "conv:2:5x5:pool=2x2:relu,fc:10:relu:dropout=0.3,softmax:10",
                "--shuffle", "--eta", "0.05", "--seed", "4"}, extra);
    }

    @Test
    void network2StoppedByEpochsThenResumedSavesTheSameModelAndHistory() throws IOException {
        CliRun.of(network2("--epochs", "5", "--save", dir.resolve("straight.json").toString(),
                "--history", dir.resolve("straight-history.json").toString())).assertOk();
        CliRun first = CliRun.of(network2("--epochs", "2", "--checkpoint", checkpoint.toString())).assertOk();
        assertTrue(first.out().contains("checkpoint written to " + checkpoint), first.out());
        CliRun resumed = CliRun.of(network2("--epochs", "5", "--resume", checkpoint.toString(),
                "--save", dir.resolve("resumed.json").toString(), "--history", dir.resolve("resumed-history.json").toString())).assertOk();
        assertTrue(resumed.out().contains("resuming the checkpoint in " + checkpoint + " at epoch 2"), resumed.out());
        assertTrue(resumed.out().contains("\nEpoch 2: ") && !resumed.out().contains("\nEpoch 1: "), "epoch lines go on from 2:\n" + resumed.out());
        assertSameBytes("straight.json", "resumed.json");
        assertSameBytes("straight-history.json", "resumed-history.json");
    }

    @Test
    void layeredInterruptedMidEpochThenResumedSavesTheSameModel() throws IOException {
        CliRun.of(layered("--epochs", "3", "--save", dir.resolve("straight.json").toString())).assertOk();
        Interrupts.simulateNext("INT", 6); // epoch 1, after its second mini-batch
        CliRun stopped = CliRun.of(layered("--epochs", "3", "--checkpoint", checkpoint.toString()));
        assertEquals(TrainCommand.EXIT_INTERRUPTED, stopped.exit(), stopped.err());
        assertTrue(stopped.out().contains("interrupted during epoch 1; checkpoint written to " + checkpoint), stopped.out());
        CliRun resumed = CliRun.of(layered("--epochs", "3", "--resume", checkpoint.toString(),
                "--save", dir.resolve("resumed.json").toString())).assertOk();
        assertTrue(resumed.out().contains("at epoch 1, mini-batch 2"), resumed.out());
        assertSameBytes("straight.json", "resumed.json");
    }

    @Test
    void sigtermMidEpochWritesACheckpointAndExits143ThenResumesWithRaisedEpochs() throws IOException {
        CliRun.of(network2("--epochs", "4", "--save", dir.resolve("straight.json").toString())).assertOk();
        Interrupts.simulateNext("TERM", 3);
        CliRun stopped = CliRun.of(network2("--epochs", "2", "--checkpoint", checkpoint.toString(),
                "--save", dir.resolve("partial.json").toString()));
        assertEquals(TrainCommand.EXIT_TERMINATED, stopped.exit(), stopped.err());
        assertTrue(stopped.out().contains("interrupted during epoch 0; checkpoint written to " + checkpoint
                + "; model saved to " + dir.resolve("partial.json")), stopped.out());
        CliRun.of(network2("--epochs", "2", "--resume", checkpoint.toString())).assertOk();
        CliRun.of(network2("--epochs", "4", "--resume", checkpoint.toString(), "--save", dir.resolve("resumed.json").toString()))
                .assertOk();
        assertSameBytes("straight.json", "resumed.json");
    }

    @Test
    void anInterruptWithoutCheckpointOrSaveSaysNothingWasSaved() {
        Interrupts.simulateNext("INT", 2);
        CliRun stopped = CliRun.of(network2("--epochs", "2"));
        assertEquals(TrainCommand.EXIT_INTERRUPTED, stopped.exit(), stopped.err());
        assertTrue(stopped.out().contains("interrupted during epoch 0; nothing saved (no --save or --checkpoint)"), stopped.out());
    }

    @Test
    void otherOptionsOrDataAreRefusedNamingEachDifferenceAndLeaveTheCheckpointAlone() throws IOException {
        CliRun.of(network2("--epochs", "1", "--checkpoint", checkpoint.toString())).assertOk();
        Map<String, byte[]> before = contents(checkpoint);
        String resume = checkpoint.toString();
        CliRun.of(replaced(network2("--epochs", "2", "--resume", resume), "--eta", "3.0"))
                .assertBadInput("checkpoint in " + resume + " was made with --eta 0.5, not with --eta 3.0");
        String[] otherSizesAndData = replaced(replaced(network2("--epochs", "2", "--resume", resume), "--sizes", "784,13,10"),
                "--train", images + "[:30]");
        CliRun.of(otherSizesAndData).assertBadInput("with --sizes 784,12,10, not with --sizes 784,13,10",
                "with training data of 40 samples", "not with training data of 30 samples");
        CliRun.of(replaced(network2("--epochs", "2", "--resume", resume), "--seed", "5")).assertBadInput("with --seed 4, not with --seed 5");
        CliRun.of(layered("--epochs", "2", "--resume", resume)).assertBadInput("in network2 mode, not in layered mode");
        CliRun.of(network2("--epochs", "2", "--checkpoint", resume)).assertBadInput(resume + " already holds a checkpoint");
        assertEquals(before.keySet(), contents(checkpoint).keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, contents(checkpoint).get(name), name + " changed"));
    }

    @Test
    void aMissingCorruptOrTornCheckpointIsOneErrorLine() throws IOException {
        CliRun.of(network2("--epochs", "1", "--resume", dir.resolve("none").toString()))
                .assertBadInput("no checkpoint in " + dir.resolve("none"));
        CliRun.of(network2("--epochs", "1", "--checkpoint", checkpoint.toString())).assertOk();
        Path state = checkpoint.resolve("state.json");
        String good = Files.readString(state);
        Path model;
        try (Stream<Path> files = Files.list(checkpoint)) {
            model = files.filter(f -> f.getFileName().toString().startsWith("model-")).findFirst().orElseThrow();
        }
        byte[] modelBytes = Files.readAllBytes(model);

        Files.writeString(state, good.substring(0, good.length() / 2));
        CliRun.of(network2("--epochs", "2", "--resume", checkpoint.toString())).assertBadInput("is corrupt", "not valid JSON");
        Files.writeString(state, good.replace("\"mini_batch\"", "\"minibatch\""));
        CliRun.of(network2("--epochs", "2", "--resume", checkpoint.toString())).assertBadInput("is corrupt", "lacks 'mini_batch'");
        Files.writeString(state, good);

        modelBytes[modelBytes.length / 2] ^= 1; // a model that is not the one the state was written with
        Files.write(model, modelBytes);
        CliRun.of(network2("--epochs", "2", "--resume", checkpoint.toString()))
                .assertBadInput("is corrupt", model.getFileName() + " does not match the hash");
        Files.delete(model);
        CliRun.of(network2("--epochs", "2", "--resume", checkpoint.toString()))
                .assertBadInput("is corrupt", model.getFileName() + ", which is missing");
    }

    /**
     * A real process sent SIGINT twice in quick succession (as {@code timeout -s INT} sometimes does): the second waits for
     * the save, the model file is whole and the last line says it was saved.
     */
    @Test
    void twoQuickSigintsDuringARunStillSaveTheModel() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to send SIGINT");
        Path model = dir.resolve("interrupted.json");
        // a wide hidden layer: a model file of some 5 MB, whose save the second signal is sure to find under way
        Run run = Run.start(replaced(network2("--epochs", "1000000", "--save", model.toString()), "--sizes", "784,300,10"));
        run.awaitLine("Epoch 1:");
        run.signal("INT");
        // the second only once the first has arrived: the kernel merges a signal sent while the same one is pending
        run.awaitLine("SIGINT: stopping");
        run.signal("INT");
        String out = run.finish();
        assertEquals(TrainCommand.EXIT_INTERRUPTED, run.process.exitValue(), out);
        assertTrue(out.contains("finishing the save first"), out);
        assertTrue(out.contains("; model saved to " + model), out);
        assertArrayEquals(new int[] {784, 300, 10}, Network.load(model).sizes());
    }

    /** A real SIGTERM with --checkpoint: exit 143 and a checkpoint that resumes. */
    @Test
    void sigtermInARealProcessWritesACheckpointThatResumes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to send SIGTERM");
        Run run = Run.start(network2("--epochs", "1000000", "--batch-size", "1", "--checkpoint", checkpoint.toString()));
        run.awaitLine("Epoch 1:");
        run.signal("TERM");
        String out = run.finish();
        assertEquals(TrainCommand.EXIT_TERMINATED, run.process.exitValue(), out);
        assertTrue(out.contains("; checkpoint written to " + checkpoint), out);
        Checkpoint written = Checkpoint.read(checkpoint);
        assertTrue(written.state().epoch() >= 1, out);
        CliRun.of(network2("--epochs", Integer.toString(written.state().epoch() + 1), "--batch-size", "1",
                "--resume", checkpoint.toString())).assertOk();
    }

    // ---- helpers ----

    /** {@code nndl4j} in its own JVM, its stdout and stderr merged. */
    private record Run(Process process, BufferedReader lines, StringBuilder seen) {
        static Run start(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new Run(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), new StringBuilder());
        }

        void awaitLine(String prefix) throws IOException {
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            throw new AssertionError("the run ended before '" + prefix + "':\n" + seen);
        }

        void signal(String name) throws Exception {
            new ProcessBuilder("/bin/kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        }

        String finish() throws Exception {
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not stop:\n" + seen);
            return seen.toString();
        }
    }

    private void assertSameBytes(String expected, String actual) throws IOException {
        assertArrayEquals(Files.readAllBytes(dir.resolve(expected)), Files.readAllBytes(dir.resolve(actual)),
                actual + " differs from " + expected);
    }

    private static Map<String, byte[]> contents(Path directory) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code args} with {@code option}'s value replaced. */
    private static String[] replaced(String[] args, String option, String value) {
        String[] out = args.clone();
        out[List.of(args).indexOf(option) + 1] = value;
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
