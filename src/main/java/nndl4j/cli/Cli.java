package nndl4j.cli;

import nndl4j.BadInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Parsing helpers shared by the commands. */
final class Cli {
    private Cli() {
    }

    /** "784,30,10" → {784, 30, 10}, each at least 1. */
    static int[] parseSizes(String text) {
        try {
            int[] sizes = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(n -> n < 1)) {
                throw new NumberFormatException();
            }
            return sizes;
        } catch (NumberFormatException e) {
            throw new BadInputException("invalid --sizes '" + text + "': expected at least two positive layer sizes like 784,30,10");
        }
    }

    static String joinSizes(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
