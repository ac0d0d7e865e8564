// Philox4x32-10 (Salmon et al., SC 2011; the Random123 library), the counter-based generator behind the dropout
// masks: the same function as nndl4j.backend.Philox, so every backend drops the same entries.
#ifndef NNDL4J_PHILOX_CUH
#define NNDL4J_PHILOX_CUH

// The four output words for counter ctr and key (k0, k1), after ten rounds, written over ctr.
static __device__ void philox4x32_10(unsigned int ctr[4], unsigned int k0, unsigned int k1)
{
    for (int round = 0; round < 10; round++) {
        unsigned long long p0 = 0xD2511F53ull * ctr[0];
        unsigned long long p1 = 0xCD9E8D57ull * ctr[2];
        unsigned int n0 = (unsigned int) (p1 >> 32) ^ ctr[1] ^ k0;
        unsigned int n2 = (unsigned int) (p0 >> 32) ^ ctr[3] ^ k1;
        ctr[1] = (unsigned int) p1;
        ctr[3] = (unsigned int) p0;
        ctr[0] = n0;
        ctr[2] = n2;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
}

// Philox.keeps' test of one output word: its top 24 bits as a fraction in [0, 1), exact in float, below keep.
static __device__ bool philox_word_keeps(unsigned int word, float keep)
{
    return (float) (word >> 8) * (1.0f / 16777216.0f) < keep;
}

#endif
