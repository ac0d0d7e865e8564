package nndl4j.cli;

import nndl4j.data.Dataset;
import nndl4j.network.Shape;
import nndl4j.tools.Expansion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether training data is the {@code expand} command's output ({@link Expansion}): in groups of five, an image
 * followed by its copies shifted by one pixel down, up, right and left, all with its label.
 */
final class ExpandedData {
    private ExpandedData() {
    }

    /** Why {@code data}, samples of {@code shape}, is not an expansion; empty when it is one. */
    static Optional<String> mismatch(Dataset data, Shape shape) {
        if (shape.channels() != 1 || shape.height() < 2 || shape.width() < 2) {
            return Optional.of("its samples are not images (" + shape + ")");
        }
        if (data.size() % Expansion.COPIES != 0) {
            return Optional.of("its " + data.size() + " images are not groups of " + Expansion.COPIES);
        }
        int size = shape.size();
        byte[] original = new byte[size];
        byte[] expected = new byte[size];
        byte[] copy = new byte[size];
        Expansion.Shift[] shifts = Expansion.Shift.values();
        for (int first = 0; first < data.size(); first += Expansion.COPIES) {
            pixels(data, first, original);
            for (int k = 0; k < shifts.length; k++) {
                int j = first + 1 + k;
                Expansion.shift(original, 0, shape.height(), shape.width(), shifts[k], expected);
                pixels(data, j, copy);
                if (data.label(j) != data.label(first) || !Arrays.equals(copy, expected)) {
                    return Optional.of(String.format(Locale.ROOT, "image %d is not image %d shifted %s by one pixel"
                            + " (the expand command writes each image followed by its four shifts)", j, first,
                            shifts[k].name().toLowerCase(Locale.ROOT)));
                }
            }
        }
        return Optional.empty();
    }

    /** Sample {@code j}'s pixels as the IDX bytes they were read from (each value a byte / 255). */
    private static void pixels(Dataset data, int j, byte[] into) {
        float[] x = data.inputs();
        int from = j * into.length;
        for (int i = 0; i < into.length; i++) {
            into[i] = (byte) Math.round(x[from + i] * 255f);
        }
    }
}
