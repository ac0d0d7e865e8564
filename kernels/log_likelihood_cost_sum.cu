// Backend.logLikelihoodCostSum: sum over all entries of -y ln a, accumulated in double; a term with y = 0 counts
// as 0 even where a = 0. Each block writes its part to partials[blockIdx.x] (see block_sum.cuh).
#include "block_sum.cuh"

extern "C" __global__ void log_likelihood_cost_sum(const float *a, const float *y, int n, double *partials)
{
    double sum = 0.0;
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float yi = y[i];
        if (yi != 0.0f) {
            sum -= yi * log((double) a[i]);
        }
    }
    double total = block_sum(sum);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = total;
    }
}
