package nndl4j.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PtxCacheTest {

    @Test
    void compilesOncePerKernelCompilerAndArchitecture(@TempDir Path dir) {
        PtxCache cache = new PtxCache(dir);
        AtomicInteger compiles = new AtomicInteger();
        assertEquals("ptx 1", cache.ptx(Kernel.ROW_SUMS, "nvrtc 13.0", 90, () -> "ptx " + compiles.incrementAndGet()));
        assertEquals("ptx 1", cache.ptx(Kernel.ROW_SUMS, "nvrtc 13.0", 90, () -> "ptx " + compiles.incrementAndGet()));
        assertEquals("ptx 2", cache.ptx(Kernel.ROW_SUMS, "nvrtc 13.0", 80, () -> "ptx " + compiles.incrementAndGet()));
        assertEquals("ptx 3", cache.ptx(Kernel.ROW_SUMS, "nvrtc 12.6", 90, () -> "ptx " + compiles.incrementAndGet()));
        assertEquals("ptx 4", cache.ptx(Kernel.SGEMM, "nvrtc 13.0", 90, () -> "ptx " + compiles.incrementAndGet()));
        assertEquals(4, compiles.get());
    }

    @Test
    void compilesEveryTimeWhereTheCacheCannotBeWritten(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.createFile(dir.resolve("file"));
        PtxCache cache = new PtxCache(notADirectory.resolve("ptx"));
        AtomicInteger compiles = new AtomicInteger();
        cache.ptx(Kernel.ROW_SUMS, "nvrtc 13.0", 90, () -> "ptx " + compiles.incrementAndGet());
        cache.ptx(Kernel.ROW_SUMS, "nvrtc 13.0", 90, () -> "ptx " + compiles.incrementAndGet());
        assertEquals(2, compiles.get());
    }
}
