package nndl4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistLocatorTest {
    @TempDir
    Path dir;

    @Test
    void defaultFolderIsTheEnvironmentVariableOrTheSharedFolder() {
        String env = System.getenv(MnistLocator.ENV_VAR);
        Path expected = env == null || env.isBlank() ? Path.of("..", "shared", "data", "mnist") : Path.of(env);
        assertEquals(expected, MnistLocator.defaultDataDir());
        assertTrue(MnistLocator.missingTestSetMessage().contains(MnistLocator.ENV_VAR));
    }

    @Test
    void testSetNeedsImagesAndLabels() throws IOException {
        assertEquals(Optional.empty(), MnistLocator.testSetIn(dir));
        Files.createFile(dir.resolve("t10k-images-idx3-ubyte.gz"));
        assertEquals(Optional.empty(), MnistLocator.testSetIn(dir));
        Files.createFile(dir.resolve("t10k-labels-idx1-ubyte"));
        assertEquals(Optional.of(dir), MnistLocator.testSetIn(dir));
    }

    @Test
    void trainingFolderNeedsTrainingImagesOrThePickle() throws IOException {
        Path idx = Files.createDirectory(dir.resolve("idx"));
        Path pickle = Files.createDirectory(dir.resolve("pickle"));
        Files.createFile(idx.resolve("t10k-images-idx3-ubyte.gz"));
        assertEquals(Optional.empty(), MnistLocator.trainingIn(idx));
        Files.createFile(idx.resolve("train-images-idx3-ubyte"));
        assertEquals(Optional.of(idx), MnistLocator.trainingIn(idx));
        Files.createFile(pickle.resolve("mnist.pkl.gz"));
        assertEquals(Optional.of(pickle), MnistLocator.trainingIn(pickle));
    }
}
