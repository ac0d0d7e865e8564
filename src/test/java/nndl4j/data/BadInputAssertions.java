package nndl4j.data;

import nndl4j.BadInputException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class BadInputAssertions {
    private BadInputAssertions() {
    }

    /** Asserts that {@code action} fails with a one-line {@link BadInputException} mentioning every one of {@code parts}. */
    static BadInputException assertBadInput(Executable action, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, action);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
        assertFalse(e.getMessage().contains("\n"), () -> "one line: " + e.getMessage());
        return e;
    }
}
