package nndl4j.data;

import nndl4j.BadInputException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data named on the command line: an IDX images file, optionally sliced like a Python list, with its labels found
 * beside it by MNIST's naming ({@code X-images-idx3-ubyte[.gz]} → {@code X-labels-idx1-ubyte[.gz]}):
 * {@code PATH}, {@code PATH[a:b]}, {@code PATH[:b]} or {@code PATH[a:]}, with non-negative a ≤ b ≤ the image count.
 */
public final class DataSpec {
    private static final Pattern SLICED = Pattern.compile("(.+)\\[([^\\[\\]]*)]");
    private static final Pattern SLICE = Pattern.compile("\\s*(\\d*)\\s*:\\s*(\\d*)\\s*");

    private DataSpec() {
    }

    /** A parsed spec; {@code to} is null for "to the end", {@code slice} the slice as written (for messages). */
    record Parsed(Path path, long from, Long to, String slice) {
    }

    public static Dataset load(String spec) {
        Parsed parsed = parse(spec);
        LabeledImages data = LabeledImages.read(parsed.path());
        int[] range = range(parsed, data.count());
        return data.toDataset(range[0], range[1]);
    }

    /** The images a spec names as raw bytes with their labels, for tools that rewrite images. */
    public static LabeledImages loadImages(String spec) {
        Parsed parsed = parse(spec);
        LabeledImages data = LabeledImages.read(parsed.path());
        int[] range = range(parsed, data.count());
        return data.slice(range[0], range[1]);
    }

    /** The images file a spec names and the labels file beside it. */
    public static List<Path> files(String spec) {
        Path images = parse(spec).path();
        return List.of(images, Idx.labelsFileFor(images));
    }

    /** {from, to} of the slice in a file of {@code n} images, checked to select at least one image. */
    private static int[] range(Parsed parsed, int n) {
        long to = parsed.to() == null ? n : parsed.to();
        if (parsed.from() > n || to > n) {
            throw new BadInputException("slice " + parsed.slice() + " is out of range: " + parsed.path() + " holds " + n + " images");
        }
        if (parsed.from() >= to) {
            throw new BadInputException("slice " + parsed.slice() + " of " + parsed.path() + " selects no images (it holds " + n + ")");
        }
        return new int[] {(int) parsed.from(), (int) to};
    }

    static Parsed parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException("empty data spec: expected PATH or PATH[a:b]");
        }
        Matcher sliced = SLICED.matcher(spec);
        if (!sliced.matches()) {
            return new Parsed(path(spec), 0, null, "");
        }
        Path path = path(sliced.group(1));
        String inside = sliced.group(2);
        if (inside.contains("-")) {
            throw new BadInputException("slice [" + inside + "] in '" + spec + "' has a negative index; only non-negative indices are supported");
        }
        Matcher slice = SLICE.matcher(inside);
        if (!slice.matches()) {
            throw new BadInputException("bad slice [" + inside + "] in '" + spec + "': expected [a:b], [:b] or [a:] with non-negative integers");
        }
        try {
            long from = slice.group(1).isEmpty() ? 0 : Long.parseLong(slice.group(1));
            Long to = slice.group(2).isEmpty() ? null : Long.parseLong(slice.group(2));
            return new Parsed(path, from, to, "[" + inside + "]");
        } catch (NumberFormatException e) {
            throw new BadInputException("slice [" + inside + "] in '" + spec + "' has an index too large to be real");
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
