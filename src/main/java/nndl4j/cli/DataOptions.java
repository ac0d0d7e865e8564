package nndl4j.cli;

import nndl4j.data.Dataset;
import nndl4j.data.DataSpec;
import nndl4j.data.MnistLocator;
import nndl4j.data.MnistSplits;
import nndl4j.data.SyntheticDigits;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where training and test data come from: {@code --data} (a folder of MNIST IDX files or the book's
 * mnist.pkl.gz) gives all three splits, and {@code --train/--validation/--test SPEC} override each one.
 * With none of them, ./data/mnist is used when it holds MNIST, else procedurally drawn digits.
 */
final class DataOptions {
    static final int SYNTHETIC_TRAINING = 50_000;
    static final int SYNTHETIC_TEST = 10_000;

    @Option(names = "--data", paramLabel = "DIR|mnist.pkl.gz",
            description = "MNIST IDX folder (training file split 50,000/10,000, t10k as test) or the book's mnist.pkl.gz.")
    Path data;

    @Option(names = "--train", paramLabel = "SPEC",
            description = "Training images: an IDX file with its labels beside it, optionally sliced like PATH[a:b].")
    String train;

    @Option(names = "--validation", paramLabel = "SPEC", description = "Validation images (IDX, optionally sliced).")
    String validation;

    @Option(names = "--test", paramLabel = "SPEC", description = "Test images (IDX, optionally sliced).")
    String test;

    /** The chosen splits; any may be null. {@code notice} hears which source was used when it was not given. */
    MnistSplits resolve(long seed, java.util.function.Consumer<String> notice) {
        MnistSplits base = null;
        if (data != null) {
            base = MnistSplits.load(data);
        } else if (train == null) {
            Optional<Path> local = MnistLocator.localDataDir();
            if (local.isPresent()) {
                notice.accept("using MNIST from " + local.get());
                base = MnistSplits.load(local.get());
            } else if (test == null && validation == null) {
                notice.accept("no MNIST given or found in ./data/mnist: training on " + SYNTHETIC_TRAINING
                        + " procedurally drawn digits (put MNIST's IDX files or mnist.pkl.gz in ./data/mnist, or use --data)");
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
}
