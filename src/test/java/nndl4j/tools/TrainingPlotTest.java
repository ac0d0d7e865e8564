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
