package nndl4j.backend.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default threads: the cores available less those other processes keep busy (at least half a core each). */
class CpuThreadsTest {

    @Test
    void anIdleMachineGetsEveryAvailableCore() {
        // 2 cores, 100 ticks each: 190 idle, 8 of this process's own
        CpuThreads.Choice c = CpuThreads.fromSamples(2, 200, 190, 8, 2);
        assertEquals(2, c.threads());
        assertEquals("2 cores available", c.why());
    }

    @Test
    void aCoreBusyWithAnotherProcessIsLeftToIt() {
        // one core spinning for someone else, the other idle but for this process's 5 ticks
        CpuThreads.Choice c = CpuThreads.fromSamples(2, 200, 95, 5, 2);
        assertEquals(1, c.threads());
        assertEquals("2 cores available, 1 busy with other processes at start (1.0 cores' load)", c.why());
    }

    @Test
    void thisProcesssOwnWorkDoesNotCountAndLessThanHalfACoreIsNotBusy() {
        assertEquals(2, CpuThreads.fromSamples(2, 200, 20, 180, 2).threads(), "all of it our own");
        assertEquals(2, CpuThreads.fromSamples(2, 200, 160, 0, 2).threads(), "0.4 cores of others' load");
        assertEquals(1, CpuThreads.fromSamples(2, 200, 140, 0, 2).threads(), "0.6 cores of others' load");
    }

    @Test
    void neverFewerThanOneAndNoTicksMeansNoMeasurement() {
        assertEquals(1, CpuThreads.fromSamples(4, 1600, 0, 0, 16).threads(), "every core busy");
        assertEquals(4, CpuThreads.fromSamples(4, 0, 0, 0, 16).threads());
    }

    @Test
    void anExplicitCountIsUsedAndSaidAndAnImpossibleOneRefused() {
        try (CpuBackend b = new CpuBackend(1)) {
            assertEquals(1, b.threads());
            assertTrue(b.description().endsWith("1 thread (as asked)"), b.description());
        }
        assertThrows(IllegalArgumentException.class, () -> new CpuBackend(0));
    }
}
