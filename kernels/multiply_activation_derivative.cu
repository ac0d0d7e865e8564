// Backend.multiplyActivationDerivative: delta[i] *= f'(z[i]), where a = f(z). Turns dC/da into dC/dz (BP2).
// f is an ACTIVATION_* code; one thread per entry (grid-stride).
#include "activations.cuh"

extern "C" __global__ void multiply_activation_derivative(float *delta, int f, const float *z, const float *a, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        delta[i] *= activation_derivative(f, z[i], a[i]);
    }
}
