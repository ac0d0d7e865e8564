package nndl4j.cli;

import nndl4j.backend.Backend;
import nndl4j.Backends;
import picocli.CommandLine.Option;

import java.util.Iterator;
import java.util.function.Consumer;

/** {@code --backend NAME}, shared by the commands that run a network. */
final class BackendOption {

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME",
            description = "auto (CUDA where it works, else the CPU) or one of: ${COMPLETION-CANDIDATES} (default: auto).",
            completionCandidates = Names.class)
    String name;

    /** Opens the backend; {@code notice} hears why {@code auto} passed over one. */
    Backend open(Consumer<String> notice) {
        return Backends.open(name, notice);
    }

    /** Every registered backend, for the help text. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Backends.names().stream().filter(n -> !n.equals("auto")).iterator();
        }
    }
}
