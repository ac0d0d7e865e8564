package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Shapes;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Parsing helpers shared by the commands. */
final class Cli {
    private Cli() {
    }

    /**
     * "784,30,10" → {784, 30, 10}, each at least 1, and each layer's weight matrix (next size × size) small enough
     * for one matrix, checked before anything is allocated (a product beyond int would wrap around).
     */
    static int[] parseSizes(String text) {
        int[] sizes;
        try {
            sizes = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(n -> n < 1)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new BadInputException("invalid --sizes '" + text + "': expected at least two positive layer sizes like 784,30,10");
        }
        for (int l = 0; l + 1 < sizes.length; l++) {
            long weights = (long) sizes[l + 1] * sizes[l];
            if (weights > Shapes.MAX_ENTRIES) {
                throw new BadInputException(String.format(java.util.Locale.ROOT, "invalid --sizes '%s': layer %d would "
                        + "have %,d × %,d = %,d weights, more than one matrix can hold (%,d)", text, l + 1, sizes[l + 1],
                        sizes[l], weights, Shapes.MAX_ENTRIES), "use smaller layer sizes");
            }
        }
        return sizes;
    }

    static String joinSizes(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
