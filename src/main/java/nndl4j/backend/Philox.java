package nndl4j.backend;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the Random123 library):
 * a counter-based generator, so the random bits of any position are a pure function of (key, counter), whatever
 * the order or thread that asks. The dropout masks of every backend come from here, and kernels/philox.cuh is the
 * same function in CUDA C.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    /** Kept entries: u < keep with u = (bits >>> 8)·2⁻²⁴, exact in float32 on every backend. */
    private static final float UNIT = 0x1p-24f;

    private Philox() {
    }

    /** The four 32-bit outputs for counter (c0, c1, c2, c3) and key (k0, k1), after ten rounds. */
    public static int[] philox4x32(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /**
     * Whether dropout keeps entry {@code position} (column-major index within the mini-batch) of {@code layer}'s
     * input at training step {@code step}: counter (position / 4, layer, step low, step high), key (seed low, seed
     * high), output word position % 4, kept when its top 24 bits as a fraction are below {@code keepProbability}.
     */
    public static boolean keeps(long seed, int layer, long step, long position, float keepProbability) {
        int[] words = philox4x32((int) (position >>> 2), layer, (int) step, (int) (step >>> 32), (int) seed, (int) (seed >>> 32));
        return ((words[(int) (position & 3)] >>> 8) * UNIT) < keepProbability;
    }
}
