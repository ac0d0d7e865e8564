package nndl4j.backend;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new Backend op cannot go unverified: every method of {@link Backend} must be covered by a check of
 * {@link BackendVerification#opChecks()}, which {@code nndl4j verify} runs on the user's machine.
 */
class EveryOpIsVerifiedTest {
    /** Methods that describe, order or release a backend rather than compute (as in {@link EveryOpIsTestedTest}). */
    private static final Set<String> NOT_OPS = Set.of("name", "description", "synchronize", "close");

    @Test
    void everyBackendMethodHasAVerifyCheck() {
        Set<String> ops = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) {
            if (!NOT_OPS.contains(m.getName()) && !m.isSynthetic()) {
                ops.add(m.getName());
            }
        }
        Set<String> covered = new TreeSet<>();
        for (BackendVerification.Check check : BackendVerification.opChecks()) {
            covered.addAll(check.covers());
        }
        Set<String> unverified = new TreeSet<>(ops);
        unverified.removeAll(covered);
        assertEquals(Set.of(), unverified, "Backend ops without a check in BackendVerification.opChecks()");
        Set<String> unknown = new TreeSet<>(covered);
        unknown.removeAll(ops);
        assertEquals(Set.of(), unknown, "covered names that are not Backend methods");
    }

    /** Each check is named after the Backend method it is about, so that a failure names the op. */
    @Test
    void everyCheckIsNamedAfterAnOpItCovers() {
        for (BackendVerification.Check check : BackendVerification.opChecks()) {
            if (check.covers().size() == 1) {
                assertEquals(check.covers(), Set.of(check.op()), check.label());
            }
        }
    }
}
