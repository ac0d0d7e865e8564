package nndl4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where tests and demos look for MNIST. */
public final class MnistLocator {
    /** Environment variable naming the folder that holds the MNIST test set. */
    public static final String ENV_VAR = "NNDL4J_MNIST";
    /** Test set folder when {@value #ENV_VAR} is unset, relative to the working directory. */
    public static final Path SHARED_DIR = Path.of("..", "shared", "data", "mnist");
    /** Folder for the user's own MNIST copy, relative to the working directory. */
    public static final Path LOCAL_DIR = Path.of("data", "mnist");

    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private MnistLocator() {
    }

    /** {@value #ENV_VAR} if set, else {@link #SHARED_DIR}. */
    public static Path defaultDataDir() {
        String env = System.getenv(ENV_VAR);
        return env == null || env.isBlank() ? SHARED_DIR : Path.of(env);
    }

    /** {@link #defaultDataDir()} if it holds the MNIST test images and labels. */
    public static Optional<Path> sharedTestSet() {
        return testSetIn(defaultDataDir());
    }

    /** Why tests that need real MNIST digits were skipped. */
    public static String missingTestSetMessage() {
        return "MNIST test set (" + MnistSplits.TEST_IMAGES + "[.gz] and " + TEST_LABELS + "[.gz]) not found in "
                + defaultDataDir().toAbsolutePath().normalize() + "; set " + ENV_VAR + " to a folder that holds it";
    }

    /** {@link #LOCAL_DIR} if it holds a training file (IDX training images, the book's pickle or Keras' npz). */
    public static Optional<Path> localDataDir() {
        return trainingIn(LOCAL_DIR);
    }

    static Optional<Path> testSetIn(Path dir) {
        boolean complete = Idx.find(dir, MnistSplits.TEST_IMAGES).isPresent() && Idx.find(dir, TEST_LABELS).isPresent();
        return complete ? Optional.of(dir) : Optional.empty();
    }

    static Optional<Path> trainingIn(Path dir) {
        boolean found = Idx.find(dir, MnistSplits.TRAINING_IMAGES).isPresent()
                || Files.isRegularFile(dir.resolve(MnistSplits.PICKLE))
                || Files.isRegularFile(dir.resolve(MnistSplits.NPZ));
        return found ? Optional.of(dir) : Optional.empty();
    }
}
