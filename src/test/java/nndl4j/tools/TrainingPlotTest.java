package nndl4j.tools;

import nndl4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingPlotTest {
    @TempDir
    Path dir;

    private static final List<Integer> ACCURACY = List.of(6000, 7000, 7500, 7700, 7800);
    private static final List<Double> COST = List.of(0.5, 0.3, 0.25, 0.22, 0.2);

    @Test
    void twoPanelsForAccuracyAndCost() {
        TrainingCurves curves = new TrainingCurves(COST, List.of(1500, 1700, 1800, 1850, 1870), COST, ACCURACY, 8000, 2000);
        BufferedImage png = write(curves, "all four");
        assertEquals(2 * TrainingPlot.PANEL_WIDTH, png.getWidth());
        assertEquals(TrainingPlot.TITLE_HEIGHT + TrainingPlot.PANEL_HEIGHT, png.getHeight());
        Pngs.assertNotBlank(png, 0.005, 0.2);
        assertTrue(Pngs.count(png, TrainingPlot.TRAINING, 10) > 100, "training series drawn");
        assertTrue(Pngs.count(png, TrainingPlot.EVALUATION, 10) > 100, "evaluation series drawn");
    }

    @Test
    void onePanelWhereOnlyOneKindWasMonitored() {
        TrainingCurves accuracyOnly = new TrainingCurves(List.of(), List.of(1500, 1700, 1800), List.of(), List.of(), 0, 2000);
        BufferedImage png = write(accuracyOnly, "evaluation accuracy only");
        assertEquals(TrainingPlot.PANEL_WIDTH, png.getWidth());
        assertTrue(Pngs.count(png, TrainingPlot.EVALUATION, 10) > 50);
        assertEquals(0, Pngs.count(png, TrainingPlot.TRAINING, 10), "no training series");

        TrainingCurves costOnly = new TrainingCurves(List.of(), List.of(), COST, List.of(), 8000, 0);
        png = write(costOnly, "training cost only");
        assertEquals(TrainingPlot.PANEL_WIDTH, png.getWidth());
        assertTrue(Pngs.count(png, TrainingPlot.TRAINING, 10) > 50);

        TrainingCurves oneEpoch = new TrainingCurves(List.of(0.4), List.of(1500), List.of(), List.of(), 8000, 2000);
        Pngs.assertNotBlank(write(oneEpoch, "one epoch"), 0.005, 0.2);
    }

    /** XChart draws no line to or from a NaN; an infinite cost, which XChart itself rejects, is drawn as one. */
    @Test
    void nonFiniteCostsAreGapsInTheLine() {
        BufferedImage finite = write(costOnly(2, 1, 1, 1, 2), "finite");
        BufferedImage nan = write(costOnly(2, 1, Double.NaN, 1, 2), "nan");
        BufferedImage infinite = write(costOnly(2, 1, Double.POSITIVE_INFINITY, 1, 2), "infinite");
        // epochs 1 to 3 span half the plot's width: a gap there is the widest stretch without the series' colour
        assertTrue(widestGap(finite) < 10, "the finite line is unbroken: " + widestGap(finite) + " px");
        assertTrue(widestGap(nan) > TrainingPlot.PANEL_WIDTH / 5, "epoch 2 is a gap: " + widestGap(nan) + " px");
        for (int y = TrainingPlot.TITLE_HEIGHT; y < nan.getHeight(); y++) { // the titles differ
            for (int x = 0; x < nan.getWidth(); x++) {
                assertEquals(nan.getRGB(x, y), infinite.getRGB(x, y), "Infinity drawn as NaN, pixel " + x + "," + y);
            }
        }
        // nothing finite at all: an empty panel, whose legend still names the series
        BufferedImage none = write(costOnly(Double.NaN, Double.NEGATIVE_INFINITY), "no finite cost");
        int legend = Pngs.count(none, TrainingPlot.TRAINING, 10);
        assertTrue(legend > 0 && legend < Pngs.count(finite, TrainingPlot.TRAINING, 10) / 4, legend + " px of the series");
    }

    private static TrainingCurves costOnly(double... trainingCost) {
        return new TrainingCurves(List.of(), List.of(), java.util.Arrays.stream(trainingCost).boxed().toList(), List.of(), 8000, 0);
    }

    /** The most adjacent columns without the training colour between the first and the last column with it. */
    private static int widestGap(BufferedImage png) {
        int widest = 0;
        int run = 0;
        boolean started = false;
        for (int x = 0; x < png.getWidth(); x++) {
            if (Pngs.count(png.getSubimage(x, 0, 1, png.getHeight()), TrainingPlot.TRAINING, 10) > 0) {
                widest = started ? Math.max(widest, run) : widest;
                started = true;
                run = 0;
            } else {
                run++;
            }
        }
        return widest;
    }

    @Test
    void nothingToPlotIsBadInput() {
        TrainingCurves empty = new TrainingCurves(List.of(), List.of(), List.of(), List.of(), 8000, 2000);
        assertThrows(BadInputException.class, () -> TrainingPlot.render(empty, "empty"));
        TrainingCurves noSize = new TrainingCurves(List.of(), List.of(), List.of(), List.of(10), 0, 0);
        assertThrows(BadInputException.class, () -> TrainingPlot.render(noSize, "no size"));
    }

    private BufferedImage write(TrainingCurves curves, String title) {
        Path file = dir.resolve(title.replace(' ', '-') + ".png");
        TrainingPlot.write(curves, title, file);
        return Pngs.read(file);
    }
}
