package nndl4j.backend;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A new Backend op cannot go untested: every method needs a {@link ParityOf} test in {@link BackendOpsTest}. */
class EveryOpIsTestedTest {
    /**
     * Methods that describe, order or release a backend rather than compute. {@code synchronize} only waits; what it
     * waits for is checked by every parity test that downloads a result.
     */
    private static final Set<String> NOT_OPS = Set.of("name", "description", "synchronize", "close");

    @Test
    void everyBackendMethodHasAParityTest() {
        Set<String> ops = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) {
            if (!NOT_OPS.contains(m.getName()) && !m.isSynthetic()) {
                ops.add(m.getName());
            }
        }
        Set<String> tested = new TreeSet<>();
        for (Method m : BackendOpsTest.class.getDeclaredMethods()) {
            ParityOf p = m.getAnnotation(ParityOf.class);
            if (p != null) {
                tested.addAll(Arrays.asList(p.value()));
            }
        }
        Set<String> untested = new TreeSet<>(ops);
        untested.removeAll(tested);
        assertEquals(Set.of(), untested, "Backend ops without a parity test in BackendOpsTest");
        Set<String> unknown = new TreeSet<>(tested);
        unknown.removeAll(ops);
        assertEquals(Set.of(), unknown, "ParityOf names that are not Backend methods");
    }
}
