// Backend.channelSums: sums[c] = sum over the columns j and the positions k of m[(c, k), j], where m is
// (channels * run) x cols: the bias gradient of a convolutional layer (one bias per filter).
// One block per channel (grid-stride over channels): the block's threads take the channel's run * cols entries in
// turn, in the CPU's order (column after column, then position), each adding its share in double; block_sum adds
// the shares in a fixed tree, so the result does not depend on scheduling. It may differ from the CPU's float sum
// by rounding. Every thread of a block runs the same channels, as block_sum's barriers need.
#include "block_sum.cuh"

extern "C" __global__ void channel_sums(const float *m, float *sums, int channels, int run, int cols)
{
    long long rows = (long long) channels * run, entries = (long long) run * cols;
    for (int c = blockIdx.x; c < channels; c += gridDim.x) {
        double sum = 0.0;
        for (long long e = threadIdx.x; e < entries; e += blockDim.x) {
            sum += m[e / run * rows + (long long) c * run + e % run];
        }
        double total = block_sum(sum);
        if (threadIdx.x == 0) {
            sums[c] = (float) total;
        }
        __syncthreads(); // every thread has read block_sum's result before the next channel's call overwrites it
    }
}
