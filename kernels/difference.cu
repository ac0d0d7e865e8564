// Backend.difference: delta = a - y. The quadratic cost's dC/da, and the output error (BP1) of cross-entropy
// after a sigmoid and of log-likelihood after a softmax. One thread per entry (grid-stride).
extern "C" __global__ void difference(const float *a, const float *y, float *delta, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        delta[i] = a[i] - y[i];
    }
}
