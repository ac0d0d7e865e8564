// Backend.crossEntropyCostSum: sum over all entries of -y ln a - (1 - y) ln(1 - a), accumulated in double.
// A term whose coefficient is 0 counts as 0 even where its logarithm is infinite (the book's nan_to_num).
// Each block writes its part to partials[blockIdx.x] (see block_sum.cuh).
#include "block_sum.cuh"

extern "C" __global__ void cross_entropy_cost_sum(const float *a, const float *y, int n, double *partials)
{
    double sum = 0.0;
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        double ai = a[i];
        float yi = y[i];
        if (yi != 0.0f) {
            sum -= yi * log(ai);
        }
        if (yi != 1.0f) {
            sum -= (1.0 - yi) * log1p(-ai);
        }
    }
    double total = block_sum(sum);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = total;
    }
}
