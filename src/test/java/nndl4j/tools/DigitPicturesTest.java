package nndl4j.tools;

import nndl4j.BadInputException;
import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.data.LabeledImages;
import nndl4j.network.Network;
import nndl4j.network.QuadraticCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitPicturesTest {
    @TempDir
    Path dir;

    @Test
    void labelledGridDrawsEachDigitPixelForPixel() {
        LabeledImages data = DataSpec.loadImages(RealDigits.t10k() + "[100:125]");
        Path file = dir.resolve("digits.png");
        Png.write(DigitPictures.labelled(data, 30, "t10k[100:125]"), file);
        BufferedImage png = Pngs.read(file);

        DigitGrid.Layout layout = new DigitGrid.Layout(25, 28, 28, 2);
        assertEquals(3, layout.gridRows());
        assertEquals(layout.height(), png.getHeight());
        assertTrue(png.getWidth() >= layout.gridWidth() && png.getWidth() < layout.gridWidth() + 400, "width " + png.getWidth());
        Pngs.assertNotBlank(png, 0.03, 0.4);
        for (int i = 0; i < 25; i++) {
            assertTile(png, layout, i, data, i);
        }
    }

    @Test
    void misclassifiedGridHoldsExactlyTheImagesTheModelGetsWrong() {
        String t10k = RealDigits.t10k();
        Network net = new Network(new int[] {784, 30, 10}, QuadraticCost.INSTANCE, 3);
        net.largeWeightInitializer();
        net.sgd(DataSpec.load(t10k + "[:2000]"), 1, 10, 3.0);
        LabeledImages test = DataSpec.loadImages(t10k + "[8000:8400]");
        Dataset scaled = test.toDataset();
        List<Integer> wrong = new ArrayList<>();
        List<Integer> predictions = new ArrayList<>();
        for (int j = 0; j < scaled.size(); j++) {
            float[] out = net.feedforward(scaled.input(j));
            int best = 0;
            for (int k = 1; k < out.length; k++) {
                best = out[k] > out[best] ? k : best;
            }
            if (best != test.labels()[j]) {
                wrong.add(j);
                predictions.add(best);
            }
        }
        assertTrue(wrong.size() > 10 && wrong.size() < 300, "a half-trained network's mistakes: " + wrong.size());

        DigitPictures.MisclassifiedPicture all = DigitPictures.misclassified(net, test, 1000, "net", "t10k[8000:8400]");
        assertEquals(wrong, all.misses().stream().map(Misclassified.Miss::index).toList());
        assertEquals(predictions, all.misses().stream().map(Misclassified.Miss::predicted).toList());
        assertEquals(all.misses(), all.shown());
        assertEquals(400, all.tested());
        Path file = dir.resolve("wrong.png");
        Png.write(all.image(), file);
        BufferedImage png = Pngs.read(file);
        DigitGrid.Layout layout = new DigitGrid.Layout(wrong.size(), 28, 28, 2);
        assertEquals(layout.height(), png.getHeight(), "rows for exactly the misclassified images");
        Pngs.assertNotBlank(png, 0.03, 0.4);
        assertTrue(Pngs.count(png, DigitGrid.WRONG, 40) > wrong.size(), "predicted digits in red");
        for (int i = 0; i < wrong.size(); i++) {
            assertTile(png, layout, i, test, wrong.get(i));
        }

        DigitPictures.MisclassifiedPicture first = DigitPictures.misclassified(net, test, 7, "net", "t10k[8000:8400]");
        assertEquals(wrong.subList(0, 7), first.shown().stream().map(Misclassified.Miss::index).toList());
        assertEquals(wrong.size(), first.misses().size());
        assertEquals(new DigitGrid.Layout(7, 28, 28, 2).height(), first.image().getHeight());
    }

    @Test
    void countMustBePositive() {
        LabeledImages data = new LabeledImages(new nndl4j.data.IdxImages(1, 2, 2, new byte[4]), new int[] {5});
        assertThrows(BadInputException.class, () -> DigitPictures.labelled(data, 0, "x"));
        assertThrows(BadInputException.class, () -> DigitPictures.labelled(data, -1, "x"));
        assertEquals(new DigitGrid.Layout(1, 2, 2, 2).height(), DigitPictures.labelled(data, 100, "fewer than asked").getHeight());
    }

    /** Tile {@code i} shows image {@code j} of {@code data}: grey 255 − byte in each SCALE×SCALE square. */
    private static void assertTile(BufferedImage png, DigitGrid.Layout layout, int i, LabeledImages data, int j) {
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int expected = 255 - data.images().pixel(j, r * 28 + c);
                for (int d = 0; d < DigitGrid.SCALE * DigitGrid.SCALE; d++) {
                    int x = layout.digitX(i) + c * DigitGrid.SCALE + d % DigitGrid.SCALE;
                    int y = layout.digitY(i) + r * DigitGrid.SCALE + d / DigitGrid.SCALE;
                    int rgb = png.getRGB(x, y) & 0xffffff;
                    if (rgb != (expected << 16 | expected << 8 | expected)) {
                        throw new AssertionError("tile " + i + " should show image " + j + ": pixel (" + r + "," + c
                                + ") is " + Integer.toHexString(rgb) + ", expected grey " + expected);
                    }
                }
            }
        }
    }
}
