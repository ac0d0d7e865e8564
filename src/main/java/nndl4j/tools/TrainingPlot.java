package nndl4j.tools;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The book's training figures (as in overfitting.py): accuracy in percent and cost per epoch, on the training and
 * on the evaluation data, drawn by XChart as two panels side by side (one where only accuracy or only cost was
 * monitored) under a title. A cost that is not finite is a gap in its line.
 */
public final class TrainingPlot {
    public static final int PANEL_WIDTH = 560;
    public static final int PANEL_HEIGHT = 420;
    /** Height of the title strip above the panels. */
    public static final int TITLE_HEIGHT = 30;
    public static final Color TRAINING = new Color(0x1F, 0x77, 0xB4);
    public static final Color EVALUATION = new Color(0xE0, 0x6C, 0x00);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private TrainingPlot() {
    }

    /** Draws {@code curves} (which must be {@link TrainingCurves#requirePlottable plottable}) under {@code title}. */
    public static BufferedImage render(TrainingCurves curves, String title) {
        Png.headless();
        curves.requirePlottable(title);
        List<XYChart> panels = new ArrayList<>();
        if (curves.hasAccuracy()) {
            XYChart chart = panel("Classification accuracy", "accuracy (%)", Styler.LegendPosition.InsideSE);
            add(chart, "training data", TRAINING, percent(curves.trainingAccuracy(), curves.trainingSize()));
            add(chart, "evaluation data", EVALUATION, percent(curves.evaluationAccuracy(), curves.evaluationSize()));
            chart.getStyler().setYAxisDecimalPattern("0.0");
            panels.add(chart);
        }
        if (curves.hasCost()) {
            XYChart chart = panel("Cost", "cost", Styler.LegendPosition.InsideNE);
            add(chart, "training data", TRAINING, curves.trainingCost());
            add(chart, "evaluation data", EVALUATION, curves.evaluationCost());
            chart.getStyler().setYAxisDecimalPattern("0.000");
            panels.add(chart);
        }
        int width = panels.size() * PANEL_WIDTH;
        BufferedImage image = new BufferedImage(width, TITLE_HEIGHT + PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, TITLE_HEIGHT + PANEL_HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(title, Math.max(6, (width - metrics.stringWidth(title)) / 2), (TITLE_HEIGHT + metrics.getAscent()) / 2 + 2);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D panel = (Graphics2D) g.create(i * PANEL_WIDTH, TITLE_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            panels.get(i).paint(panel, PANEL_WIDTH, PANEL_HEIGHT);
            panel.dispose();
        }
        g.dispose();
        return image;
    }

    /** Renders and writes a PNG. */
    public static void write(TrainingCurves curves, String title, Path file) {
        Png.write(render(curves, title), file);
    }

    private static XYChart panel(String title, String yTitle, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(legend);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setMarkerSize(5);
        // epochs are whole numbers: label only the integer ticks
        chart.getStyler().setxAxisTickLabelsFormattingFunction(
                x -> Math.abs(x - Math.rint(x)) < 1e-9 ? String.format(Locale.ROOT, "%d", Math.round(x)) : "");
        return chart;
    }

    private static void add(XYChart chart, String name, Color color, List<? extends Number> values) {
        if (values.isEmpty()) {
            return;
        }
        List<Integer> epochs = new ArrayList<>();
        for (int e = 0; e < values.size(); e++) {
            epochs.add(e);
        }
        XYSeries series = chart.addSeries(name, epochs, gapsForNonFinite(values));
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
    }

    /** XChart rejects an infinite value but leaves a gap in the line for NaN: an infinite cost becomes that gap. */
    private static List<Double> gapsForNonFinite(List<? extends Number> values) {
        List<Double> out = new ArrayList<>(values.size());
        for (Number v : values) {
            out.add(Double.isFinite(v.doubleValue()) ? v.doubleValue() : Double.NaN);
        }
        return out;
    }

    private static List<Double> percent(List<Integer> correct, int size) {
        List<Double> out = new ArrayList<>();
        for (int c : correct) {
            out.add(100.0 * c / size);
        }
        return out;
    }
}
