package nndl4j.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seam's argument marshalling: each argument keeps its order, C type and exact bits. */
class KernelArgsTest {

    @Test
    void keepsOrderTypesAndBits() {
        KernelArgs args = KernelArgs.of().pointer(0x7f12_3456_7890L).int32(-3).float32(-1.5f).int32(Integer.MAX_VALUE)
                .float32(Float.NaN).pointer(0L);
        assertEquals(List.of(
                new KernelArgs.Arg(KernelArgs.Type.POINTER, 0x7f12_3456_7890L),
                new KernelArgs.Arg(KernelArgs.Type.INT, 0xffff_fffdL),
                new KernelArgs.Arg(KernelArgs.Type.FLOAT, 0xbfc0_0000L),
                new KernelArgs.Arg(KernelArgs.Type.INT, 0x7fff_ffffL),
                new KernelArgs.Arg(KernelArgs.Type.FLOAT, Integer.toUnsignedLong(Float.floatToRawIntBits(Float.NaN))),
                new KernelArgs.Arg(KernelArgs.Type.POINTER, 0L)), args.list());
    }

    @Test
    void thirtyTwoBitValuesRoundTrip() {
        for (float f : new float[] {0f, -0f, 1e-45f, 0.999f, Float.MAX_VALUE, Float.NEGATIVE_INFINITY}) {
            long bits = KernelArgs.of().float32(f).list().get(0).bits();
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.intBitsToFloat((int) bits)));
        }
        for (int i : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertEquals(i, (int) KernelArgs.of().int32(i).list().get(0).bits());
        }
    }

    @Test
    void sizesAreThoseOfC() {
        assertEquals(8, KernelArgs.Type.POINTER.bytes);
        assertEquals(4, KernelArgs.Type.INT.bytes);
        assertEquals(4, KernelArgs.Type.FLOAT.bytes);
    }
}
