package nndl4j;

import nndl4j.network.CrossEntropyCost;
import nndl4j.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 at random points of large saves: a child JVM saves two ~20 MB models in turn to one path, forever, and is
 * killed with SIGKILL at random moments. Each time the file must be byte for byte one of the two models as a
 * complete save writes them (the old or the new), never missing, empty or cut; the next save removes the temporary
 * files the killed writers left.
 */
class AtomicFilesKillTest {
    private static final int[] SIZES = {784, 2000, 10}; // 1.59 million parameters: about 20 MB of JSON
    private static final int KILLS = 4;

    @TempDir
    Path dir;

    /** The child: says "ready" once both models are drawn, then saves the model of seed 2, of seed 1, of 2 ... to args[0]. */
    public static final class Saver {
        public static void main(String[] args) {
            Path target = Path.of(args[0]);
            Network[] models = {model(2), model(1)};
            System.out.println("ready");
            for (int i = 0; ; i++) {
                models[i % 2].save(target);
            }
        }
    }

    static Network model(long seed) {
        return new Network(SIZES, CrossEntropyCost.INSTANCE, seed);
    }

    @Test
    void killedSavesLeaveTheOldOrTheNewFileAndTheirTempsGoAtTheNextSave() throws Exception {
        Path first = dir.resolve("expected-1.json"), second = dir.resolve("expected-2.json");
        model(1).save(first);
        model(2).save(second);
        byte[] one = Files.readAllBytes(first), two = Files.readAllBytes(second);
        assertTrue(one.length > 10_000_000, "a large model: " + one.length + " bytes");
        assertArrayEquals(SIZES, Network.load(first).sizes());
        Path target = dir.resolve("model.json");
        Files.copy(first, target);
        Pattern temps = Pattern.compile("\\.model\\.json\\.nndl4j-\\d+-[0-9a-f]+\\.tmp");
        Random random = new Random(42);
        int killsLeavingATemp = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Saver.class.getName(), target.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the child failed");
            Thread.sleep(random.nextInt(1500)); // a save takes 0.5-2.5 s here: in the first save or a later one
            child.destroyForcibly(); // SIGKILL: no finally, no shutdown hook
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            byte[] now = Files.readAllBytes(target);
            assertTrue(Arrays.equals(now, one) || Arrays.equals(now, two),
                    "after kill " + kill + " the target is neither model: " + now.length + " bytes");
            killsLeavingATemp += tempsIn(temps).isEmpty() ? 0 : 1;
        }
        // the test saw writes cut short (a child spends nearly all its time inside a save)
        assertTrue(killsLeavingATemp > 0, "no kill landed inside a save");
        model(2).save(target);
        assertEquals(List.of(), tempsIn(temps), "the next save removes the killed writers' temps");
        assertArrayEquals(two, Files.readAllBytes(target));
    }

    private List<Path> tempsIn(Pattern temps) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> temps.matcher(p.getFileName().toString()).matches()).toList();
        }
    }
}
