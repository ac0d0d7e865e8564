package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.cpu.CpuBackend;
import nndl4j.backend.cuda.CudaBackend;
import nndl4j.network.MemoryEstimate;

import java.util.Locale;

/**
 * Compares a run's {@link MemoryEstimate} with what this JVM and backend may use, and stops an impossible run with
 * one line before anything is allocated: the heap against {@link Runtime#maxMemory} (-Xmx), heap and native memory
 * together against the machine's memory, the backend's part against JavaCPP's native limit on the CPU or the GPU's
 * free memory on CUDA.
 */
final class MemoryCheck {
    private static final String HINT = "give Java more memory (e.g. java -Xmx16g -jar nndl4j.jar ...), "
            + "or use smaller sizes or mini-batches";

    private MemoryCheck() {
    }

    /**
     * Before the network is made: the heap part against -Xmx and the machine's memory, and, unless a CUDA backend was
     * asked for by name, the backend part as the CPU backend would hold it (native memory beside the heap; for
     * {@code auto}, which opens later, that is conservative where it then picks a GPU). {@code what} names the run,
     * e.g. "[784,30,10] with mini-batches of 10 on 50000 samples".
     */
    static void beforeAllocating(MemoryEstimate needs, String what, String backendName) {
        long max = Runtime.getRuntime().maxMemory();
        if (needs.hostBytes() > max) {
            String[] amounts = amounts(needs.hostBytes(), max);
            throw new BadInputException(what + " needs about " + amounts[0]
                    + " of heap memory (the data and the parameters); this JVM may use " + amounts[1], HINT);
        }
        boolean onCpu = !backendName.startsWith("cuda");
        long total = needs.hostBytes() + (onCpu ? needs.backendBytes() : 0);
        long physical = CpuBackend.physicalMemory();
        if (total > physical) {
            String[] amounts = amounts(total, physical);
            throw new BadInputException(what + " needs about " + amounts[0] + " of memory" + (onCpu ? " (heap and native)" : "")
                    + "; this machine has " + amounts[1], "use smaller sizes or mini-batches");
        }
        long available = CpuBackend.nativeMemoryAvailable();
        if (onCpu && needs.backendBytes() > available) {
            String[] amounts = amounts(needs.backendBytes(), available);
            throw new BadInputException(what + " needs about " + amounts[0]
                    + " of native memory for the CPU backend's matrices; this JVM may use " + amounts[1],
                    "raise the limit with -Xmx or -Dorg.bytedeco.javacpp.maxBytes, or use smaller sizes or mini-batches");
        }
    }

    /** Once a GPU backend is open, before anything is allocated on it: its part against the free device memory. */
    static void onDevice(MemoryEstimate needs, String what, Backend opened) {
        if (opened instanceof CudaBackend cuda) {
            long free = cuda.freeMemory();
            if (needs.backendBytes() > free) {
                String[] amounts = amounts(needs.backendBytes(), free);
                throw new BadInputException(what + " needs about " + amounts[0] + " of GPU memory; "
                        + amounts[1] + " is free", "use smaller sizes or mini-batches, or --backend cpu");
            }
        }
    }

    /** What is needed and what there is, with as many decimals (up to 3) as it takes to tell them apart. */
    private static String[] amounts(long needed, long available) {
        String[] amounts = {bytes(needed, 1), bytes(available, 1)};
        for (int decimals = 2; decimals <= 3 && amounts[0].equals(amounts[1]); decimals++) {
            amounts = new String[] {bytes(needed, decimals), bytes(available, decimals)};
        }
        return amounts;
    }

    /** Bytes in binary units with one decimal: 6320816128 → "5.9 GiB". */
    static String bytes(long bytes) {
        return bytes(bytes, 1);
    }

    private static String bytes(long bytes, int decimals) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit + 1 < units.length) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%." + decimals + "f %s", value, units[unit]);
    }
}
