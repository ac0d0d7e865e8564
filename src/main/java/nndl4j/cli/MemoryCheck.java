package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.cpu.CpuBackend;
import nndl4j.backend.cuda.CudaBackend;
import nndl4j.network.MemoryEstimate;

import java.util.Locale;

/**
 * Compares a run's {@link MemoryEstimate} with what this JVM and backend may use, and stops an impossible run with
 * one line before anything is allocated: the heap against {@link Runtime#maxMemory} (-Xmx), the backend's part
 * against JavaCPP's native limit on the CPU or the GPU's free memory on CUDA.
 */
final class MemoryCheck {
    private static final String HINT = "give Java more memory (e.g. java -Xmx16g -jar nndl4j.jar ...), "
            + "or use smaller sizes or mini-batches";

    private MemoryCheck() {
    }

    /** Before the network is made: its heap part. {@code what} names the run, e.g. "[784,30,10] with mini-batches of 10". */
    static void heap(MemoryEstimate needs, String what) {
        long max = Runtime.getRuntime().maxMemory();
        if (needs.hostBytes() > max) {
            throw new BadInputException(what + " needs about " + bytes(needs.hostBytes())
                    + " of heap memory (the data and the parameters); this JVM may use " + bytes(max), HINT);
        }
    }

    /** Once the backend is open, before anything is allocated on it: its part. */
    static void backend(MemoryEstimate needs, String what, Backend opened) {
        if (opened instanceof CpuBackend) {
            long available = CpuBackend.nativeMemoryAvailable();
            if (needs.backendBytes() > available) {
                throw new BadInputException(what + " needs about " + bytes(needs.backendBytes())
                        + " of native memory for the CPU backend's matrices; this JVM may use " + bytes(available),
                        "raise the limit with -Xmx or -Dorg.bytedeco.javacpp.maxBytes, or use smaller sizes or mini-batches");
            }
        } else if (opened instanceof CudaBackend cuda) {
            long free = cuda.freeMemory();
            if (needs.backendBytes() > free) {
                throw new BadInputException(what + " needs about " + bytes(needs.backendBytes()) + " of GPU memory; "
                        + bytes(free) + " is free", "use smaller sizes or mini-batches, or --backend cpu");
            }
        }
    }

    /** Bytes in binary units with one decimal: 6320816128 → "5.9 GiB". */
    static String bytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit + 1 < units.length) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
