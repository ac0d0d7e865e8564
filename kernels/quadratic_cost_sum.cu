// Backend.quadraticCostSum: sum over all entries of 1/2 (a - y)^2, accumulated in double.
// Each block writes its part to partials[blockIdx.x] (see block_sum.cuh).
#include "block_sum.cuh"

extern "C" __global__ void quadratic_cost_sum(const float *a, const float *y, int n, double *partials)
{
    double sum = 0.0;
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        double d = a[i] - y[i];
        sum += d * d;
    }
    double total = block_sum(sum);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = 0.5 * total;
    }
}
