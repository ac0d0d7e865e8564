package nndl4j.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Philox} against the Random123 library's published known answers (its tests/kat_vectors). */
class PhiloxTest {

    @Test
    void philox4x32With10RoundsGivesRandom123sKnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                Philox.philox4x32(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                Philox.philox4x32(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox.philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    /**
     * With seed and step split into the third known answer's key and counter words, the entries 4c .. 4c + 3 (c its
     * first counter word) read its four outputs, whose top 24 bits are 0xd16cfe, 0x94fdcc, 0x5001e4 and 0x24126e.
     */
    @Test
    void keepsComparesTheTop24BitsOfItsPositionsWordWithTheKeepProbability() {
        long seed = 0x299f31d0_a4093822L, step = 0x03707344_13198a2eL, first = 4L * 0x243f6a88;
        int layer = 0x85a308d3;
        int[] top24 = {0xd16cfe, 0x94fdcc, 0x5001e4, 0x24126e};
        for (int w = 0; w < 4; w++) {
            float u = top24[w] / 16777216f;
            assertFalse(Philox.keeps(seed, layer, step, first + w, u), "u < keep is strict, word " + w);
            assertTrue(Philox.keeps(seed, layer, step, first + w, Math.nextUp(u)), "word " + w);
            assertFalse(Philox.keeps(seed, layer, step, first + w, 0f), "keep 0 drops everything");
            assertTrue(Philox.keeps(seed, layer, step, first + w, 1f), "keep 1 keeps everything");
        }
    }
}
