package nndl4j.data;

import nndl4j.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * MNIST split the book's way: training, validation and test data, with one-hot targets for the 10 digits.
 * {@code validation} is null when there is none (see {@link #fromFolder(Path)}); a part not asked for
 * ({@link #load(Path, Set)}) is null too.
 */
public record MnistSplits(Dataset training, Dataset validation, Dataset test) {
    /** Base name of MNIST's training images; the file may also end in ".gz". */
    public static final String TRAINING_IMAGES = "train-images-idx3-ubyte";
    /** Base name of MNIST's test images; the file may also end in ".gz". */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** The book's pickle. */
    public static final String PICKLE = "mnist.pkl.gz";
    /** Keras' npz. */
    public static final String NPZ = "mnist.npz";
    /** Images split off the end of the training file for validation, as the book's mnist.pkl.gz does. */
    public static final int VALIDATION_SIZE = 10_000;

    private static final int PICKLE_PROTO = 0x80;

    /** The three parts, named as the book's pickle names them. */
    public enum Part {
        TRAINING, VALIDATION, TEST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The part named {@code name} ("train" or "training", "validation", "test"), or null. */
        public static Part named(String name) {
            return switch (name) {
                case "train", "training" -> TRAINING;
                case "validation" -> VALIDATION;
                case "test" -> TEST;
                default -> null;
            };
        }
    }

    /** The data of one part (null where it is absent). */
    public Dataset part(Part part) {
        return switch (part) {
            case TRAINING -> training;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    public boolean hasValidation() {
        return validation != null;
    }

    /** Loads a folder (see {@link #fromFolder(Path)}), an npz file like Keras' mnist.npz or a pickle like the book's mnist.pkl.gz. */
    public static MnistSplits load(Path path) {
        return load(path, EnumSet.allOf(Part.class));
    }

    /**
     * Loads only {@code parts} of what {@link #load(Path)} loads; the others are null and files that only they need are
     * not read. The validation part is whatever the source has: asked for without the training part, a folder without
     * a training file gives none.
     */
    public static MnistSplits load(Path path, Set<Part> parts) {
        if (Files.isDirectory(path)) {
            return fromFolder(path, parts);
        }
        if (Npz.isNpz(path)) {
            return fromNpz(path, parts);
        }
        MnistSplits all = MnistPickle.load(path);
        return new MnistSplits(parts.contains(Part.TRAINING) ? all.training() : null,
                parts.contains(Part.VALIDATION) ? all.validation() : null,
                parts.contains(Part.TEST) ? all.test() : null);
    }

    /**
     * Loads MNIST's IDX files from a folder: {@code train-images-idx3-ubyte[.gz]} and {@code t10k-images-idx3-ubyte[.gz]}
     * with their labels. The last {@value #VALIDATION_SIZE} training images become the validation data (for MNIST's
     * 60,000 that is the book's 50,000/10,000 split); a training file of {@value #VALIDATION_SIZE} images or fewer is
     * all training, with no validation data. A folder without the IDX training files but with {@value #PICKLE} or
     * {@value #NPZ} loads that file.
     */
    public static MnistSplits fromFolder(Path dir) {
        return fromFolder(dir, EnumSet.allOf(Part.class));
    }

    private static MnistSplits fromFolder(Path dir, Set<Part> parts) {
        Optional<Path> trainingFile = Idx.find(dir, TRAINING_IMAGES);
        Optional<Path> testFile = Idx.find(dir, TEST_IMAGES);
        if (trainingFile.isEmpty()) {
            for (String name : new String[] {PICKLE, NPZ}) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    return load(dir.resolve(name), parts);
                }
            }
            if (parts.contains(Part.TRAINING)) {
                throw missingTrainingFile(dir, testFile);
            }
        }
        if (testFile.isEmpty() && parts.contains(Part.TEST)) {
            throw new BadInputException("no MNIST test file " + TEST_IMAGES + "[.gz] in " + dir);
        }
        return split(trainingFile.<Supplier<LabeledImages>>map(file -> () -> LabeledImages.read(file)).orElse(null),
                () -> LabeledImages.read(testFile.get()), parts);
    }

    private static BadInputException missingTrainingFile(Path dir, Optional<Path> testFile) {
        if (testFile.isPresent()) {
            String test = testFile.get().toString();
            return new BadInputException(
                    "no MNIST training file (" + TRAINING_IMAGES + "[.gz], " + PICKLE + " or " + NPZ + ") in " + dir
                            + ", only the test set",
                    "to train on part of the test set: --train '" + test + "[:8000]' --test '" + test + "[8000:]'");
        }
        return new BadInputException(
                "no MNIST files in " + dir + " (expected " + TRAINING_IMAGES + "[.gz] and " + TEST_IMAGES + "[.gz])",
                "put MNIST's four IDX files, the book's " + PICKLE + " or Keras' " + NPZ + " there");
    }

    /** An npz like Keras' mnist.npz, split like a folder of IDX files: x_train gives training and validation data. */
    private static MnistSplits fromNpz(Path file, Set<Part> parts) {
        return split(() -> NpzMnist.read(file, false), () -> NpzMnist.read(file, true), parts);
    }

    /** Training images from 0 to this are training data, the rest validation data. */
    public static int trainingSize(int trainingFileImages) {
        return trainingFileImages > VALIDATION_SIZE ? trainingFileImages - VALIDATION_SIZE : trainingFileImages;
    }

    /** The parts asked for, from a training file (null when there is none) and a test file, each read only if needed. */
    private static MnistSplits split(Supplier<LabeledImages> trainingFile, Supplier<LabeledImages> testFile, Set<Part> parts) {
        Dataset training = null;
        Dataset validation = null;
        if (trainingFile != null && (parts.contains(Part.TRAINING) || parts.contains(Part.VALIDATION))) {
            LabeledImages images = trainingFile.get();
            int n = images.count();
            int size = trainingSize(n);
            training = parts.contains(Part.TRAINING) ? images.toDataset(0, size) : null;
            validation = parts.contains(Part.VALIDATION) && size < n ? images.toDataset(size, n) : null;
        }
        return new MnistSplits(training, validation, parts.contains(Part.TEST) ? testFile.get().toDataset() : null);
    }

    /** Whether {@code file} is a pickle: named *.pkl[.gz] or *.pickle[.gz], or (gunzipped) starting like protocol 2+. */
    static boolean isPickle(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(pkl|pickle)(\\.gz)?")) {
            return true;
        }
        try (InputStream in = DataFiles.open(file)) {
            return in.read() == PICKLE_PROTO;
        } catch (IOException | BadInputException e) {
            return false;
        }
    }
}
