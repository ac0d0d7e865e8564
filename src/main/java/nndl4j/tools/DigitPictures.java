package nndl4j.tools;

import nndl4j.BadInputException;
import nndl4j.data.Dataset;
import nndl4j.data.IdxImages;
import nndl4j.data.LabeledImages;
import nndl4j.network.Model;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The two digit pictures of {@code show}: images with their labels, and the images a network gets wrong. */
public final class DigitPictures {
    private DigitPictures() {
    }

    /** The first {@code count} images (fewer if there are fewer), each captioned with its label. */
    public static BufferedImage labelled(LabeledImages data, int count, String source) {
        requirePositive(count);
        int shown = Math.min(count, data.count());
        Dataset scaled = data.toDataset(0, shown);
        List<DigitGrid.Tile> tiles = new ArrayList<>();
        for (int j = 0; j < shown; j++) {
            tiles.add(new DigitGrid.Tile(scaled.input(j), Integer.toString(data.labels()[j])));
        }
        String title = source + ": " + (shown == data.count() ? "all " + shown : "the first " + shown + " of " + data.count())
                + " images\ncaptions: labels";
        return DigitGrid.render(title, tiles, data.images().rows(), data.images().cols());
    }

    /** A picture of misclassified digits: which were found and which of them are shown, in data order. */
    public record MisclassifiedPicture(BufferedImage image, List<Misclassified.Miss> misses, List<Misclassified.Miss> shown,
                                       int tested) {
    }

    /** The first {@code count} images of {@code test} that {@code net} gets wrong, captioned "predicted (true)". */
    public static MisclassifiedPicture misclassified(Model net, LabeledImages test, int count, String modelName,
                                                     String source) {
        requirePositive(count);
        IdxImages images = test.images();
        if (net.inputSize() != images.imageSize() || net.outputSize() != 10) {
            throw new BadInputException("the model " + modelName + " takes " + net.inputSize() + " inputs and gives "
                    + net.outputSize() + " outputs, but " + source + " holds " + images.rows() + "x"
                    + images.cols() + " images of digits 0-9");
        }
        Dataset data = test.toDataset();
        List<Misclassified.Miss> misses = Misclassified.find(net, data);
        List<Misclassified.Miss> shown = misses.subList(0, Math.min(count, misses.size()));
        List<DigitGrid.Tile> tiles = new ArrayList<>();
        for (Misclassified.Miss m : shown) {
            String predicted = Integer.toString(m.predicted());
            tiles.add(new DigitGrid.Tile(data.input(m.index()), predicted + " (" + m.label() + ")", predicted.length()));
        }
        String title = modelName + " on " + source + ": " + misses.size() + " of " + data.size() + " misclassified"
                + (shown.size() < misses.size() ? ", the first " + shown.size() + " shown" : "")
                + "\ncaptions: predicted (true)";
        return new MisclassifiedPicture(DigitGrid.render(title, tiles, images.rows(), images.cols()),
                List.copyOf(misses), List.copyOf(shown), data.size());
    }

    private static void requirePositive(int count) {
        if (count <= 0) {
            throw new BadInputException("--count must be at least 1, got " + count);
        }
    }
}
