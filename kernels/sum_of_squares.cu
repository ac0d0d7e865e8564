// Backend.sumOfSquares: sum over all entries of m^2, accumulated in double. The L2 term of the total cost.
// Each block writes its part to partials[blockIdx.x] (see block_sum.cuh).
#include "block_sum.cuh"

extern "C" __global__ void sum_of_squares(const float *m, int n, double *partials)
{
    double sum = 0.0;
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        double v = m[i];
        sum += v * v;
    }
    double total = block_sum(sum);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = total;
    }
}
