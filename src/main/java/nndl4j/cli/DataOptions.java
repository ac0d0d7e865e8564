package nndl4j.cli;

import nndl4j.data.Dataset;
import nndl4j.data.DataSpec;
import nndl4j.data.MnistLocator;
import nndl4j.data.MnistSplits;
import nndl4j.data.SyntheticDigits;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where training and test data come from: {@code --data} (a folder of MNIST IDX files, the book's mnist.pkl.gz or
 * Keras' mnist.npz) gives all three splits, and {@code --train/--validation/--test SPEC} override each one; only the
 * parts not overridden are read from {@code --data}. With none of them, ./data/mnist is used when it holds MNIST, else
 * procedurally drawn digits.
 */
final class DataOptions {
    static final int SYNTHETIC_TRAINING = 50_000;
    static final int SYNTHETIC_TEST = 10_000;

    @Option(names = "--data", paramLabel = "PATH",
            description = "A folder of MNIST's IDX files (t10k as test), the book's mnist.pkl.gz, or Keras' mnist.npz (x_test as test). "
                    + "The training file (train-images, x_train) gives its last 10,000 images to validation.")
    Path data;

    @Option(names = "--train", paramLabel = "SPEC",
            description = "Training images: an IDX file with its labels beside it, or FILE:PART of an npz or pickle "
                    + "(train, validation, test); optionally sliced like Python, SPEC[a:b] (negative indices count "
                    + "from the end, bounds are clamped; no steps).")
    String train;

    @Option(names = "--validation", paramLabel = "SPEC", description = "Validation images (as --train).")
    String validation;

    @Option(names = "--test", paramLabel = "SPEC", description = "Test images (as --train).")
    String test;

    /** The chosen splits; any may be null. {@code notice} hears which source was used when it was not given. */
    MnistSplits resolve(long seed, java.util.function.Consumer<String> notice) {
        MnistSplits base = null;
        if (data != null) {
            base = MnistSplits.load(data, notOverridden());
        } else if (train == null) {
            Optional<Path> local = MnistLocator.localDataDir();
            if (local.isPresent()) {
                notice.accept("using MNIST from " + local.get());
                base = MnistSplits.load(local.get(), notOverridden());
            } else if (test == null && validation == null) {
                notice.accept("no MNIST given or found in ./data/mnist: training on " + SYNTHETIC_TRAINING
                        + " procedurally drawn digits (put MNIST's IDX files, mnist.pkl.gz or mnist.npz in ./data/mnist, or use --data)");
                Dataset digits = SyntheticDigits.generate(SYNTHETIC_TRAINING + SYNTHETIC_TEST, seed);
                return new MnistSplits(digits.slice(0, SYNTHETIC_TRAINING), null,
                        digits.slice(SYNTHETIC_TRAINING, SYNTHETIC_TRAINING + SYNTHETIC_TEST));
            }
        }
        return new MnistSplits(
                train != null ? DataSpec.load(train) : base == null ? null : base.training(),
                validation != null ? DataSpec.load(validation) : base == null ? null : base.validation(),
                test != null ? DataSpec.load(test) : base == null ? null : base.test());
    }

    /** The parts that --data (or ./data/mnist) gives: those no SPEC overrides. */
    private Set<MnistSplits.Part> notOverridden() {
        Set<MnistSplits.Part> parts = EnumSet.noneOf(MnistSplits.Part.class);
        if (train == null) {
            parts.add(MnistSplits.Part.TRAINING);
        }
        if (validation == null) {
            parts.add(MnistSplits.Part.VALIDATION);
        }
        if (test == null) {
            parts.add(MnistSplits.Part.TEST);
        }
        return parts;
    }
}
