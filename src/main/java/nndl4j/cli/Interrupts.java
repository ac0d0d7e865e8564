package nndl4j.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/** Ctrl-C as a request: training finishes its mini-batch, saves and exits, instead of dying mid-write. */
final class Interrupts {
    private Interrupts() {
    }

    /** A flag that turns true on SIGINT. A second Ctrl-C exits at once. */
    @SuppressWarnings("restriction")
    static AtomicBoolean onCtrlC() {
        AtomicBoolean requested = new AtomicBoolean();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                if (requested.getAndSet(true)) {
                    Runtime.getRuntime().halt(TrainCommand.EXIT_INTERRUPTED);
                }
                System.err.println();
                System.err.println("stopping after this mini-batch (Ctrl-C again to quit at once)");
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform: Ctrl-C then ends the JVM as usual
        }
        return requested;
    }
}
