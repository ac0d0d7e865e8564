package nndl4j.backend.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How many threads the CPU backend uses by default: the cores available to the process, less those that other
 * processes keep busy when it starts. OpenBLAS's threads wait for each other at every GEMM, so a thread that shares
 * its core with a busy process makes every GEMM wait for that core's time slice: measured on 2 cores with a busy
 * loop on one, [784,30,10] at batch 100 fell from 288,059 samples/s on one thread to 125,453 on two, and
 * [784,1000,1000,10] from 6,719 to 3,256 (on an idle machine two threads give 383,191 and 10,474).
 *
 * <p>Other processes' load is read from {@code /proc/stat} over {@link #SAMPLE_MILLIS} ms, less this process's own
 * CPU time ({@code /proc/self/stat}), once per JVM; where those files do not exist every available core counts.
 */
final class CpuThreads {
    static final long SAMPLE_MILLIS = 150;
    /** A core counts as busy from this share of its time used by other processes on. */
    private static final double BUSY = 0.5;

    private CpuThreads() {
    }

    /** The default, and the line that says how it was chosen. */
    record Choice(int threads, String why) {
    }

    private static volatile Choice chosen;

    static Choice byDefault() {
        Choice c = chosen;
        if (c == null) {
            c = choose(Runtime.getRuntime().availableProcessors());
            chosen = c;
        }
        return c;
    }

    private static Choice choose(int available) {
        long[] before = sample();
        if (before == null) {
            return new Choice(available, available + " cores available");
        }
        try {
            Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Choice(available, available + " cores available");
        }
        long[] after = sample();
        if (after == null) {
            return new Choice(available, available + " cores available");
        }
        return fromSamples(available, after[0] - before[0], after[1] - before[1], after[2] - before[2], after[3]);
    }

    /**
     * The threads for {@code available} cores when, over a sample, the machine's {@code cores} spent {@code total}
     * clock ticks, {@code idle} of them idle, and this process {@code own}.
     */
    static Choice fromSamples(int available, long total, long idle, long own, long cores) {
        if (total <= 0) {
            return new Choice(available, available + " cores available");
        }
        double otherCores = Math.max(0, (double) (total - idle - own) / total * cores);
        int busy = (int) Math.floor(otherCores + (1 - BUSY));
        int threads = Math.max(1, available - busy);
        String why = busy == 0 ? available + " cores available"
                : String.format(Locale.ROOT, "%d cores available, %d busy with other processes at start (%.1f cores' load)",
                available, busy, otherCores);
        return new Choice(threads, why);
    }

    /** {total ticks, idle ticks, this process's ticks, cores} from /proc, or null where there is no /proc. */
    private static long[] sample() {
        try {
            long total = 0, idle = 0, cores = 0;
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                        total += Long.parseLong(f[i]);
                    }
                    idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                } else if (line.startsWith("cpu")) {
                    cores++;
                }
            }
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
            return new long[] {total, idle, own, cores};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
