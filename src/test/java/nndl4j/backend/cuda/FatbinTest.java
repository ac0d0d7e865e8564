package nndl4j.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading a fatbin's headers, and which of its images the driver runs on a given GPU. */
class FatbinTest {

    /** A fatbin laid out as nvcc 13.0 writes one (see {@link Fatbin}), with ELF for {@code sm} and PTX for {@code ptx}. */
    static byte[] fatbin(List<Integer> sm, List<Integer> ptx) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        sm.forEach(arch -> entries.writeBytes(entry(2, arch, 64, "\u007fELF machine code")));
        ptx.forEach(arch -> entries.writeBytes(entry(1, arch, 80, "compressed PTX")));
        ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xBA55ED50).putShort((short) 1).putShort((short) 16).putLong(entries.size());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(header.array());
        all.writeBytes(entries.toByteArray());
        return all.toByteArray();
    }

    private static byte[] entry(int kind, int arch, int headerSize, String image) {
        ByteBuffer b = ByteBuffer.allocate(headerSize + image.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) kind).putShort(2, (short) 0x101).putInt(4, headerSize).putLong(8, image.length()).putInt(28, arch);
        b.put(headerSize, image.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    @Test
    void readsTheArchitecturesOfMachineCodeAndPtx() {
        Fatbin f = Fatbin.read(fatbin(List.of(75, 80, 86, 120), List.of(120))).orElseThrow();
        assertEquals(List.of(75, 80, 86, 120), f.machineCode());
        assertEquals(List.of(120), f.ptx());
    }

    @Test
    void somethingElseIsNoFatbin() {
        assertEquals(Optional.empty(), Fatbin.read("// PTX\n.version 9.0\n".getBytes()));
        byte[] truncated = fatbin(List.of(80), List.of(80));
        assertEquals(Optional.empty(), Fatbin.read(Arrays.copyOf(truncated, truncated.length - 1)));
        byte[] zeroSizedEntry = fatbin(List.of(80), List.of());
        ByteBuffer.wrap(zeroSizedEntry).order(ByteOrder.LITTLE_ENDIAN).putInt(16 + 4, 0).putLong(16 + 8, 0);
        assertEquals(Optional.empty(), Fatbin.read(zeroSizedEntry), "an entry of size 0 would never end");
    }

    @Test
    void theDriverRunsTheNewestMachineCodeOfTheGpusMajorVersionElseJitCompilesPtx() {
        Fatbin f = new Fatbin(List.of(75, 80, 86, 89, 90, 100, 110, 120), List.of(120));
        assertEquals(Optional.of("sm_90 machine code"), f.imageFor(90));
        assertEquals(Optional.of("sm_86 machine code"), f.imageFor(87), "Orin runs Ampere's code");
        assertEquals(Optional.of("sm_100 machine code"), f.imageFor(103));
        assertEquals(Optional.of("sm_120 machine code"), f.imageFor(121));
        assertEquals(Optional.of("compute_120 PTX, compiled by the driver for sm_130"), f.imageFor(130));
        assertEquals(Optional.empty(), f.imageFor(70), "no code for Volta, and the PTX is for newer GPUs");
        assertEquals(Optional.of("compute_80 PTX, compiled by the driver for sm_90"),
                new Fatbin(List.of(80), List.of(80)).imageFor(90), "machine code never runs on another major version");
    }
}
