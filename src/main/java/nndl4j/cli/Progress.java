package nndl4j.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar with ETA for the running epoch, drawn on a terminal only (never into logs). */
final class Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private long epochStart;
    private int epoch = -1;
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintStream out) {
        this.out = out;
    }

    static Progress onTerminal() {
        return new Progress(System.console() != null ? System.err : null);
    }

    void update(int epoch, int done, int total) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (epoch != this.epoch) {
            this.epoch = epoch;
            epochStart = now;
        }
        if (now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * done / total);
        double elapsed = (now - epochStart) / 1e9;
        double eta = done == 0 ? 0 : elapsed * (total - done) / done;
        out.printf(Locale.ROOT, "\rEpoch %d [%s%s] %3d%% ETA %.0f s ", epoch, "=".repeat(filled), " ".repeat(WIDTH - filled),
                100L * done / total, eta);
        out.flush();
        drawn = true;
    }

    void clear() {
        if (out != null && drawn) {
            out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            out.flush();
            drawn = false;
        }
    }
}
