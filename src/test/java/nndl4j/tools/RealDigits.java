package nndl4j.tools;

import nndl4j.data.MnistLocator;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shared MNIST test set for tests, which are skipped with a message where it is absent. */
final class RealDigits {
    private RealDigits() {
    }

    /** The t10k images file (gzipped or not); skips the calling test when the folder lacks it. */
    static String t10k() {
        Path dir = MnistLocator.sharedTestSet().orElse(null);
        assumeTrue(dir != null, MnistLocator.missingTestSetMessage());
        Path gz = dir.resolve("t10k-images-idx3-ubyte.gz");
        return (java.nio.file.Files.exists(gz) ? gz : dir.resolve("t10k-images-idx3-ubyte")).toString();
    }
}
