// Backend.quadraticDelta: delta = (a - y) * sigmoid'(z), with sigmoid'(z) = a(1 - a). The quadratic cost's
// output error (BP1).
extern "C" __global__ void quadratic_delta(const float *a, const float *y, float *delta, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float ai = a[i];
        delta[i] = (ai - y[i]) * (ai * (1.0f - ai));
    }
}
