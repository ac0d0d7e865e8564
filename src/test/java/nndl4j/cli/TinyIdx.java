package nndl4j.cli;

import nndl4j.data.Idx;
import nndl4j.data.IdxImages;
import nndl4j.data.MnistLocator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Data files for the command-line tests: random 28×28 "digits" written as IDX, and the shared real test set. */
final class TinyIdx {
    private TinyIdx() {
    }

    /** {@code count} random 28×28 images with random labels 0-9, as gzipped IDX in {@code dir}; the images file. */
    static Path write(Path dir, String name, int count, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[count * 784];
        r.nextBytes(pixels);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = r.nextInt(10);
        }
        Path images = dir.resolve(name + "-images-idx3-ubyte.gz");
        Idx.writeImages(images, new IdxImages(count, 28, 28, pixels));
        Idx.writeLabels(dir.resolve(name + "-labels-idx1-ubyte.gz"), labels);
        return images;
    }

    /** The shared MNIST t10k images file; skips the calling test, with a message, where it is absent. */
    static String t10k() {
        Path mnist = MnistLocator.sharedTestSet().orElse(null);
        assumeTrue(mnist != null, MnistLocator.missingTestSetMessage());
        Path gz = mnist.resolve("t10k-images-idx3-ubyte.gz");
        return (Files.exists(gz) ? gz : mnist.resolve("t10k-images-idx3-ubyte")).toString();
    }
}
