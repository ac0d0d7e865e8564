package nndl4j;

import nndl4j.backend.Backend;
import nndl4j.backend.BackendUnavailableException;
import nndl4j.backend.cpu.CpuBackend;
import nndl4j.backend.cuda.CudaBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Finds and opens backends by name: {@code auto} picks the first automatic one that works, in this order. */
public final class Backends {

    /** Whether a backend can run here, and the one-line reason or description. */
    public record Availability(String name, boolean available, String detail) {
    }

    /** How to probe and open one backend. {@code automatic} backends are candidates for {@code auto}. */
    private record Entry(String name, boolean automatic, Supplier<Backend> opener) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("cuda", true, CudaBackend::new),
            new Entry("cpu", true, CpuBackend::new),
            // The CUDA backend with kernels/*.cu run on the CPU by native/: for tests without a GPU, never auto.
            new Entry("cuda-emulated", false, CudaBackend::emulated));

    private Backends() {
    }

    /** Names accepted by {@link #open}, {@code auto} first. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("auto");
        ENTRIES.forEach(e -> names.add(e.name()));
        return names;
    }

    /**
     * Opens the named backend. For {@code auto}, tells {@code notice} which backend was chosen and why
     * whenever one that comes before it could not start.
     */
    public static Backend open(String name, Consumer<String> notice) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(notice, "notice");
        if (name.equals("auto")) {
            List<String> skipped = new ArrayList<>();
            for (Entry e : ENTRIES) {
                if (!e.automatic()) {
                    continue;
                }
                try {
                    Backend b = e.opener().get();
                    if (!skipped.isEmpty()) {
                        notice.accept(String.join("; ", skipped) + "; running on the " + b.name().toUpperCase());
                    }
                    return b;
                } catch (BackendUnavailableException ex) {
                    skipped.add(e.name().toUpperCase() + " unavailable: " + ex.getMessage());
                }
            }
            throw new BadInputException("no backend can run here: " + String.join("; ", skipped));
        }
        for (Entry e : ENTRIES) {
            if (e.name().equals(name)) {
                try {
                    return e.opener().get();
                } catch (BackendUnavailableException ex) {
                    throw new BadInputException("backend '" + name + "' cannot start: " + ex.getMessage(),
                            "see 'nndl4j info' for what each backend needs");
                }
            }
        }
        throw new BadInputException("unknown backend '" + name + "' (expected one of " + String.join(", ", names()) + ")");
    }

    /** Tries every backend and reports what it found (for {@code nndl4j info} and the tests). */
    public static List<Availability> probeAll() {
        List<Availability> found = new ArrayList<>();
        for (Entry e : ENTRIES) {
            found.add(probe(e));
        }
        return found;
    }

    /** Whether the named backend can run here. */
    public static Availability probe(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().map(Backends::probe)
                .orElseThrow(() -> new BadInputException("unknown backend '" + name + "'"));
    }

    private static Availability probe(Entry e) {
        try (Backend b = e.opener().get()) {
            return new Availability(e.name(), true, b.description());
        } catch (BackendUnavailableException ex) {
            return new Availability(e.name(), false, ex.getMessage());
        }
    }
}
