package nndl4j.data;

import nndl4j.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * MNIST split the book's way: training, validation and test data, with one-hot targets for the 10 digits.
 * {@code validation} is null when there is none (see {@link #fromFolder(Path)}).
 */
public record MnistSplits(Dataset training, Dataset validation, Dataset test) {
    /** Base name of MNIST's training images; the file may also end in ".gz". */
    public static final String TRAINING_IMAGES = "train-images-idx3-ubyte";
    /** Base name of MNIST's test images; the file may also end in ".gz". */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** The book's pickle. */
    public static final String PICKLE = "mnist.pkl.gz";
    /** Images split off the end of the training file for validation, as the book's mnist.pkl.gz does. */
    public static final int VALIDATION_SIZE = 10_000;

    public boolean hasValidation() {
        return validation != null;
    }

    /** Loads a folder (see {@link #fromFolder(Path)}) or a pickle file like the book's mnist.pkl.gz. */
    public static MnistSplits load(Path path) {
        return Files.isDirectory(path) ? fromFolder(path) : MnistPickle.load(path);
    }

    /**
     * Loads MNIST's IDX files from a folder: {@code train-images-idx3-ubyte[.gz]} and {@code t10k-images-idx3-ubyte[.gz]}
     * with their labels. The last {@value #VALIDATION_SIZE} training images become the validation data (for MNIST's
     * 60,000 that is the book's 50,000/10,000 split); a training file of {@value #VALIDATION_SIZE} images or fewer is
     * all training, with no validation data. A folder without the IDX training files but with {@value #PICKLE} loads
     * that pickle.
     */
    public static MnistSplits fromFolder(Path dir) {
        Optional<Path> trainingFile = Idx.find(dir, TRAINING_IMAGES);
        Optional<Path> testFile = Idx.find(dir, TEST_IMAGES);
        if (trainingFile.isEmpty()) {
            Path pickle = dir.resolve(PICKLE);
            if (Files.isRegularFile(pickle)) {
                return MnistPickle.load(pickle);
            }
            if (testFile.isPresent()) {
                String test = testFile.get().toString();
                throw new BadInputException(
                        "no MNIST training file (" + TRAINING_IMAGES + "[.gz] or " + PICKLE + ") in " + dir
                                + ", only the test set",
                        "to train on part of the test set: --train '" + test + "[:8000]' --test '" + test + "[8000:]'");
            }
            throw new BadInputException(
                    "no MNIST files in " + dir + " (expected " + TRAINING_IMAGES + "[.gz] and " + TEST_IMAGES + "[.gz])",
                    "put MNIST's four IDX files or the book's " + PICKLE + " there");
        }
        if (testFile.isEmpty()) {
            throw new BadInputException("no MNIST test file " + TEST_IMAGES + "[.gz] in " + dir);
        }
        LabeledImages training = LabeledImages.read(trainingFile.get());
        int n = training.count();
        int trainingSize = n > VALIDATION_SIZE ? n - VALIDATION_SIZE : n;
        Dataset validation = trainingSize < n ? training.toDataset(trainingSize, n) : null;
        return new MnistSplits(
                training.toDataset(0, trainingSize), validation, LabeledImages.read(testFile.get()).toDataset());
    }
}
