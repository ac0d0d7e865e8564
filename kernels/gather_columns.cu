// Backend.gatherColumns: dst[:,j] = src[:, permutation[offset + j]] for each of the n / rows entries of dst, with
// the offset read from the cursor. Gathers a shuffled mini-batch from the dataset, which stays on the device for the
// whole run.
#include "batch_cursor.cuh"

extern "C" __global__ void gather_columns(const float *src, const int *permutation, const batch_cursor *at,
                                          float *dst, int rows, int n)
{
    long long offset = at->offset;
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        long long column = permutation[offset + i / rows];
        dst[i] = src[column * rows + i % rows];
    }
}
