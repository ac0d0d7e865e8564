package nndl4j.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an nvcc fatbin holds, read from its headers: the architectures it has machine code (ELF) for and those it
 * has PTX for. Used to say which of them the driver runs, and by the tests to check the build.
 *
 * <p>NVIDIA does not document the format. As nvcc 13.0 writes it: a 16-byte header (magic {@code 0xBA55ED50},
 * version, header size, size of what follows), then one entry per image, each a header (kind at byte 0: 1 PTX,
 * 2 ELF; its own size at byte 4; the image's size at byte 8; the architecture, e.g. 90, at byte 28) followed by the
 * image, which may be compressed. All little-endian.
 */
record Fatbin(List<Integer> machineCode, List<Integer> ptx) {
    private static final int MAGIC = 0xBA55ED50;
    private static final int PTX = 1, ELF = 2;

    /** The fatbin's contents, or empty if {@code image} is not a fatbin this reader understands. */
    static Optional<Fatbin> read(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (image.length < 16 || b.getInt(0) != MAGIC || Short.toUnsignedLong(b.getShort(6)) + b.getLong(8) != image.length) {
            return Optional.empty();
        }
        List<Integer> elf = new ArrayList<>(), ptx = new ArrayList<>();
        for (long at = Short.toUnsignedLong(b.getShort(6)); at < image.length; ) {
            if (at + 32 > image.length) {
                return Optional.empty();
            }
            int entry = (int) at;
            int kind = b.getShort(entry), arch = b.getInt(entry + 28);
            if (kind == ELF) {
                elf.add(arch);
            } else if (kind == PTX) {
                ptx.add(arch);
            }
            long next = at + Integer.toUnsignedLong(b.getInt(entry + 4)) + b.getLong(entry + 8);
            if (next <= at) {
                return Optional.empty();
            }
            at = next;
        }
        return Optional.of(new Fatbin(List.copyOf(elf), List.copyOf(ptx)));
    }

    /**
     * What the driver runs on a GPU of compute capability {@code deviceArch} (e.g. 86), by CUDA's compatibility
     * rules: machine code for the same major version and the highest minor up to the GPU's, else the newest PTX
     * that is not newer than the GPU, compiled by the driver; empty if neither exists.
     */
    Optional<String> imageFor(int deviceArch) {
        Optional<Integer> code = machineCode.stream().filter(a -> a / 10 == deviceArch / 10 && a <= deviceArch).max(Integer::compare);
        if (code.isPresent()) {
            return Optional.of("sm_" + code.get() + " machine code");
        }
        return ptx.stream().filter(a -> a <= deviceArch).max(Integer::compare)
                .map(a -> "compute_" + a + " PTX, compiled by the driver for sm_" + deviceArch);
    }
}
