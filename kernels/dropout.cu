// Backend.dropout: m[i] = 0 for each entry i (column-major index in m) that nndl4j.backend.Philox.keeps drops.
// One thread per four entries: the four words of Philox4x32-10 at counter (i / 4, layer, step) decide entries
// i .. i + 3. The step is the cursor's; the 64-bit seed comes as two 32-bit halves (low first), as kernel arguments
// are 32-bit.
#include "batch_cursor.cuh"
#include "philox.cuh"

extern "C" __global__ void dropout(float *m, int n, float keep, int seed_low, int seed_high, int layer,
                                   const batch_cursor *at)
{
    unsigned long long step = (unsigned long long) at->step;
    int groups = (int) (((long long) n + 3) / 4);
    for (int g = blockIdx.x * blockDim.x + threadIdx.x; g < groups; g += blockDim.x * gridDim.x) {
        unsigned int words[4] = {(unsigned int) g, (unsigned int) layer, (unsigned int) step, (unsigned int) (step >> 32)};
        philox4x32_10(words, (unsigned int) seed_low, (unsigned int) seed_high);
        for (int w = 0; w < 4; w++) {
            long long i = 4LL * g + w;
            if (i < n && !philox_word_keeps(words[w], keep)) {
                m[i] = 0.0f;
            }
        }
    }
}
