// Backend.crossEntropyDelta: delta = a - y. The cross-entropy cost's output error (BP1; sigmoid' cancels).
extern "C" __global__ void cross_entropy_delta(const float *a, const float *y, float *delta, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        delta[i] = a[i] - y[i];
    }
}
