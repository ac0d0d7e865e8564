// Backend.multiplySigmoidPrime: delta *= a(1 - a), i.e. sigmoid'(z) from the activations. The hidden-layer
// error (BP2), after the GEMM that propagates the next layer's error back.
extern "C" __global__ void multiply_sigmoid_prime(float *delta, const float *a, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float ai = a[i];
        delta[i] *= ai * (1.0f - ai);
    }
}
