package nndl4j.cli;

import nndl4j.tools.TrainingCurves;
import nndl4j.tools.TrainingPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code nndl4j plot}: a training history as the book's accuracy and cost figures. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plot a training history (train --history FILE.json) as a PNG: accuracy in percent and cost per "
                + "epoch, on the training and the evaluation data, whichever were monitored."})
final class PlotCommand implements Runnable {

    @Option(names = "--history", required = true, paramLabel = "FILE.json", description = "A history written by train --history.")
    Path history;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The picture to write.")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "The figure's title (default: the history file's name).")
    String title;

    @Override
    public void run() {
        new OutputPaths().input("--history", history).file("--out", out).check();
        TrainingCurves curves = HistoryFile.read(history).requirePlottable(history.toString());
        TrainingPlot.write(curves, title != null ? title : "Training history " + history.getFileName(), out);
        System.out.println("plot saved to " + out);
    }
}
