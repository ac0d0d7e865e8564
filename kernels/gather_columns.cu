// Backend.gatherColumns: dst[:,j] = src[:, permutation[offset + j]] for each of the n / rows entries of dst.
// Gathers a shuffled mini-batch from the dataset, which stays on the device for the whole run.
extern "C" __global__ void gather_columns(const float *src, const int *permutation, int offset, float *dst,
                                          int rows, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        long long column = permutation[offset + i / rows];
        dst[i] = src[column * rows + i % rows];
    }
}
