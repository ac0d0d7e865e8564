package nndl4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT), and SIGTERM where asked, as a request: training finishes its mini-batch, saves what the command
 * line asked for and exits, instead of dying mid-write.
 *
 * <p>A second signal never abandons a save: while there is something to save it only says that the save is being
 * finished. A third quits at once, but only between writes (each file is written whole or not at all, see
 * {@link nndl4j.AtomicFiles}); during a write it says so and the process exits once the save is done. With nothing to
 * save, the second signal quits at once, as before. Every exit after a signal says what was saved.
 */
final class Interrupts implements AutoCloseable {
    /** For tests: a signal the next run receives after that many stop checks (mini-batches), as if sent from outside. */
    private static final AtomicReference<Simulated> SIMULATED = new AtomicReference<>();

    private record Simulated(String signal, int afterChecks) {
    }

    private final boolean savesOnStop;
    private final List<sun.misc.Signal> caught = new ArrayList<>();
    private final List<sun.misc.SignalHandler> previous = new ArrayList<>();
    private final Simulated simulated = SIMULATED.getAndSet(null);
    private int checks;
    /** Guards the fields below: the handlers run on their own threads. */
    private final Object lock = new Object();
    private String signal;
    private int count;
    private boolean writing;
    private boolean modelSaved;
    private final Set<String> saved = new LinkedHashSet<>();

    private Interrupts(boolean savesOnStop) {
        this.savesOnStop = savesOnStop;
    }

    /**
     * Catches SIGINT, and SIGTERM too with {@code term}, until {@link #close}. {@code savesOnStop}: something will be
     * written after a stop (--save, --checkpoint, --history or --plot), which a second signal must not abandon.
     */
    @SuppressWarnings("restriction")
    static Interrupts install(boolean term, boolean savesOnStop) {
        Interrupts interrupts = new Interrupts(savesOnStop);
        for (String name : term ? List.of("INT", "TERM") : List.of("INT")) {
            try {
                sun.misc.Signal s = new sun.misc.Signal(name);
                interrupts.previous.add(sun.misc.Signal.handle(s, received -> interrupts.received(received.getName())));
                interrupts.caught.add(s);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // no such signal here: it then ends the JVM as usual
            }
        }
        return interrupts;
    }

    /** For tests: the next installed run receives {@code signal} ("INT" or "TERM") after {@code mini-batches}. */
    static void simulateNext(String signal, int miniBatches) {
        SIMULATED.set(new Simulated(signal, miniBatches));
    }

    /** The stop check, after each mini-batch: whether a signal asked to stop. */
    boolean requested() {
        if (simulated != null && ++checks == simulated.afterChecks) {
            received(simulated.signal);
        }
        synchronized (lock) {
            return signal != null;
        }
    }

    /** The exit status after the signal, as a shell reports a process it ended: 128 + its number (130, 143). */
    int exitCode() {
        synchronized (lock) {
            return "TERM".equals(signal) ? TrainCommand.EXIT_TERMINATED : TrainCommand.EXIT_INTERRUPTED;
        }
    }

    /**
     * Runs {@code write}, which a signal does not cut short, and then counts {@code what} ("model saved to X") as saved;
     * {@code model}: it holds the model (--save, --checkpoint), not only the history or plot.
     */
    void saving(String what, boolean model, Runnable write) {
        synchronized (lock) {
            writing = true;
        }
        try {
            write.run();
            synchronized (lock) {
                saved.add(what);
                modelSaved |= model;
            }
        } finally {
            synchronized (lock) {
                writing = false;
            }
        }
    }

    /** What was saved so far, joined by "; ", and whether the model was. */
    String savedSummary() {
        synchronized (lock) {
            String notTheModel = "no --save or --checkpoint";
            return saved.isEmpty() ? "nothing saved (" + notTheModel + ")"
                    : String.join("; ", saved) + (modelSaved ? "" : "; the model was not saved (" + notTheModel + ")");
        }
    }

    /** What signal {@code name} does; the handlers (and tests) call it. */
    void received(String name) {
        synchronized (lock) {
            count++;
            if (count == 1) {
                signal = name;
                System.err.println();
                System.err.println("SIG" + name + ": stopping after this mini-batch"
                        + (savesOnStop ? " to save (a second signal waits for the save)" : " (Ctrl-C again to quit at once)"));
            } else if (!savesOnStop) {
                quit();
            } else if (count == 2 || writing) {
                System.err.println("finishing the save first: the process exits when it is written"
                        + (writing ? "" : " (Ctrl-C once more to quit at once)"));
            } else {
                quit();
            }
        }
    }

    /** Ends the process now, saying what was saved: only between writes (the caller holds the lock). */
    private void quit() {
        System.err.println("quit at once; " + savedSummary());
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(exitCode());
    }

    /** Gives the signals back to the handlers they had (the JVM's: a signal then ends it). */
    @Override
    @SuppressWarnings("restriction")
    public void close() {
        for (int i = 0; i < caught.size(); i++) {
            sun.misc.Signal.handle(caught.get(i), previous.get(i));
        }
    }
}
