// Backend.countArgmaxMatches: the number of columns j where argmax a[:,j] equals argmax y[:,j].
// One thread per column; each block writes its count to partials[blockIdx.x] (see block_sum.cuh).
#include "block_sum.cuh"

// Index of the largest of v[0..length); the first maximum wins, like numpy's argmax.
static __device__ int argmax(const float *v, int length)
{
    int best = 0;
    for (int i = 1; i < length; i++) {
        if (v[i] > v[best]) {
            best = i;
        }
    }
    return best;
}

extern "C" __global__ void count_argmax_matches(const float *a, const float *y, int rows, int cols, double *partials)
{
    double matches = 0.0;
    for (int j = blockIdx.x * blockDim.x + threadIdx.x; j < cols; j += blockDim.x * gridDim.x) {
        long long column = (long long) j * rows;
        if (argmax(a + column, rows) == argmax(y + column, rows)) {
            matches += 1.0;
        }
    }
    double total = block_sum(matches);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = total;
    }
}
