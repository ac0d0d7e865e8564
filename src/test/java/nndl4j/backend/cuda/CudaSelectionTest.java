package nndl4j.backend.cuda;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.Backends;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Where CUDA cannot start (no driver, no device), {@code auto} falls back to the CPU and says why in one line. */
class CudaSelectionTest {

    @Test
    void cudaComesBeforeTheCpu() {
        List<String> names = Backends.names();
        assertTrue(names.indexOf("cuda") < names.indexOf("cpu"), names.toString());
    }

    @Test
    void probeGivesAOneLineReason() {
        Backends.Availability cuda = unavailableCuda();
        assertFalse(cuda.detail().isBlank());
        assertFalse(cuda.detail().contains("\n"), cuda.detail());
        assertFalse(cuda.detail().matches("(?s).*(\\bat [\\w.$]+\\(|Exception|Error:).*"), "no stack trace: " + cuda.detail());
    }

    @Test
    void autoFallsBackToTheCpuSayingWhy() {
        Backends.Availability cuda = unavailableCuda();
        List<String> notices = new ArrayList<>();
        try (Backend b = Backends.open("auto", notices::add)) {
            assertEquals("cpu", b.name());
        }
        assertEquals(List.of("CUDA unavailable: " + cuda.detail() + "; running on the CPU"), notices);
    }

    @Test
    void explicitCudaIsAnErrorWithTheReason() {
        Backends.Availability cuda = unavailableCuda();
        BadInputException e = assertThrows(BadInputException.class, () -> Backends.open("cuda", notice -> {
        }));
        assertTrue(e.getMessage().endsWith(cuda.detail()), e.getMessage());
    }

    private static Backends.Availability unavailableCuda() {
        Backends.Availability cuda = Backends.probe("cuda");
        assumeFalse(cuda.available(), () -> "CUDA runs here: " + cuda.detail());
        return cuda;
    }
}
