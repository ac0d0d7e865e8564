package nndl4j.data;

import nndl4j.BadInputException;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data named on the command line, optionally sliced like a Python list ({@code [a:b]}, {@code [:b]}, {@code [a:]};
 * indices may be negative and are clamped to the data, as Python does):
 * <ul>
 * <li>{@code PATH[slice]}: an IDX images file with its labels found beside it by MNIST's naming
 * ({@code X-images-idx3-ubyte[.gz]} → {@code X-labels-idx1-ubyte[.gz]});</li>
 * <li>{@code FILE:PART[slice]}: one part (train or training, validation, test) of an npz like Keras' mnist.npz, split as
 * {@link MnistSplits} splits it, or of a pickle like the book's mnist.pkl.gz. {@code :PART} is read as a part only where
 * the path without it is an npz or pickle (named *.npz, *.pkl[.gz], *.pickle[.gz], or an existing file that starts
 * like one) and the whole spec is not itself an existing file, so paths with colons still work.</li>
 * </ul>
 */
public final class DataSpec {
    private static final Pattern SLICED = Pattern.compile("(.+)\\[([^\\[\\]]*)]");
    private static final Pattern SLICE = Pattern.compile("\\s*([-+]?\\d+)?\\s*:\\s*([-+]?\\d+)?\\s*(?::\\s*(\\S*)\\s*)?");
    private static final Pattern PART_NAME = Pattern.compile("[A-Za-z]+");
    private static final Pattern PARTS_FILE_NAME = Pattern.compile(".*\\.(npz|pkl|pkl\\.gz|pickle|pickle\\.gz)");
    private static final String PART_NAMES = "train (or training), validation or test";

    private DataSpec() {
    }

    /** The kinds of file a spec names. */
    enum Kind { IDX, NPZ, PICKLE }

    /**
     * A parsed spec: the file, which part of it (null for an IDX file), and the slice; {@code from} and {@code to} are
     * null where the slice leaves them out ("from the start", "to the end") and may be negative.
     */
    record Parsed(Path path, Kind kind, MnistSplits.Part part, Long from, Long to, String slice) {
        /** How messages name the data: the path, with its part. */
        String name() {
            return part == null ? path.toString() : path + ":" + part.label();
        }
    }

    public static Dataset load(String spec) {
        Parsed parsed = parse(spec);
        if (parsed.kind() == Kind.PICKLE) {
            Dataset part = MnistPickle.load(parsed.path()).part(parsed.part());
            int[] range = range(parsed, part.size());
            return range[0] == 0 && range[1] == part.size() ? part : part.slice(range[0], range[1]);
        }
        Images images = images(parsed);
        return images.data().toDataset(images.from(), images.to());
    }

    /** The images a spec names as raw bytes with their labels, for tools that rewrite images. */
    public static LabeledImages loadImages(String spec) {
        Parsed parsed = parse(spec);
        if (parsed.kind() == Kind.PICKLE) {
            throw new BadInputException(parsed.path() + " holds images as floats; this command needs the bytes of an "
                    + "IDX file or an npz");
        }
        Images images = images(parsed);
        return images.data().slice(images.from(), images.to());
    }

    /** The files a spec reads: an IDX images file and the labels file beside it, or the npz or pickle. */
    public static List<Path> files(String spec) {
        Parsed parsed = parse(spec);
        Path path = parsed.path();
        return parsed.kind() == Kind.IDX ? List.of(path, Idx.labelsFileFor(path)) : List.of(path);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of {@code data}. */
    private record Images(LabeledImages data, int from, int to) {
    }

    /** The IDX file or npz part a spec names, with the range its slice selects. */
    private static Images images(Parsed parsed) {
        if (parsed.kind() == Kind.IDX) {
            LabeledImages data = LabeledImages.read(parsed.path());
            int[] range = range(parsed, data.count());
            return new Images(data, range[0], range[1]);
        }
        MnistSplits.Part part = parsed.part();
        LabeledImages data = NpzMnist.read(parsed.path(), part == MnistSplits.Part.TEST);
        int n = data.count();
        int start = part == MnistSplits.Part.VALIDATION ? MnistSplits.trainingSize(n) : 0;
        int end = part == MnistSplits.Part.TRAINING ? MnistSplits.trainingSize(n) : n;
        if (part == MnistSplits.Part.VALIDATION && start == end) {
            throw noValidation(parsed, n);
        }
        int[] range = range(parsed, end - start);
        return new Images(data, start + range[0], start + range[1]);
    }

    private static BadInputException noValidation(Parsed parsed, int trainingImages) {
        return new BadInputException(parsed.path() + " has no validation part: its x_train holds " + trainingImages
                + " images, and only the last " + MnistSplits.VALIDATION_SIZE + " of more than "
                + MnistSplits.VALIDATION_SIZE + " are validation data",
                "slice the training part instead, as " + parsed.path() + ":train[-1000:]");
    }

    /** {from, to} that the slice selects of {@code n} items, clamped as Python clamps; it must select at least one. */
    private static int[] range(Parsed parsed, int n) {
        long from = clamp(parsed.from(), 0, n);
        long to = clamp(parsed.to(), n, n);
        if (from >= to) {
            throw new BadInputException("slice " + parsed.slice() + " of " + parsed.name() + " selects no images (it holds "
                    + n + ")");
        }
        return new int[] {(int) from, (int) to};
    }

    /** Python's rule for a slice bound: left out → {@code absent}, negative → counted from the end, then into 0..n. */
    private static long clamp(Long index, long absent, int n) {
        if (index == null) {
            return absent;
        }
        long fromStart = index < 0 ? index + n : index;
        return Math.max(0, Math.min(n, fromStart));
    }

    static Parsed parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException("empty data spec: expected PATH, PATH[a:b] or FILE:PART[a:b]");
        }
        Matcher sliced = SLICED.matcher(spec);
        if (!sliced.matches()) {
            return withPart(spec, null, null, "");
        }
        String inside = sliced.group(2);
        Matcher slice = SLICE.matcher(inside);
        if (!slice.matches()) {
            throw new BadInputException("bad slice [" + inside + "] in '" + spec
                    + "': expected [a:b], [:b] or [a:] with integers (negative ones count from the end)");
        }
        if (slice.group(3) != null && !slice.group(3).isEmpty()) {
            throw new BadInputException("slice [" + inside + "] in '" + spec + "' has a step; steps are not supported",
                    "give [a:b] with no step");
        }
        return withPart(sliced.group(1), index(slice.group(1)), index(slice.group(2)), "[" + inside + "]");
    }

    /** A slice index, saturated at long's range (Python's integers have none; any such index clamps the same). */
    private static Long index(String text) {
        if (text == null) {
            return null;
        }
        BigInteger value = new BigInteger(text);
        return value.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** The spec's file and part: {@code FILE:PART} where FILE is an npz or a pickle (see the class comment). */
    private static Parsed withPart(String file, Long from, Long to, String slice) {
        int colon = file.lastIndexOf(':');
        if (colon > 0 && !isFile(file)) {
            String prefix = file.substring(0, colon);
            String name = file.substring(colon + 1);
            Kind kind = partsFileKind(prefix);
            if (kind != null && PART_NAME.matcher(name).matches()) {
                MnistSplits.Part part = MnistSplits.Part.named(name.toLowerCase(Locale.ROOT));
                if (part == null) {
                    throw new BadInputException("unknown part '" + name + "' of " + prefix + ": expected " + PART_NAMES);
                }
                return new Parsed(path(prefix), kind, part, from, to, slice);
            }
        }
        Path path = path(file);
        Kind kind = Files.isRegularFile(path) ? partsFileKind(file) : null;
        if (kind != null) {
            throw new BadInputException(path + " holds training, validation and test parts: name one",
                    "as " + path + ":train, " + path + ":validation or " + path + ":test[:1000]");
        }
        return new Parsed(path, Kind.IDX, null, from, to, slice);
    }

    /** NPZ or PICKLE if {@code file} names one by its name or (when it exists) its first bytes, else null. */
    private static Kind partsFileKind(String file) {
        boolean byName = PARTS_FILE_NAME.matcher(file.toLowerCase(Locale.ROOT)).matches();
        if (!byName && !isFile(file)) {
            return null;
        }
        Path path = path(file);
        if (Npz.isNpz(path)) {
            return Kind.NPZ;
        }
        return byName || MnistSplits.isPickle(path) ? Kind.PICKLE : null;
    }

    private static boolean isFile(String text) {
        try {
            return Files.isRegularFile(Path.of(text));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadInputException("not a valid path: " + text);
        }
    }
}
