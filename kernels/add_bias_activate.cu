// Backend.addBiasActivate: z[i,j] += bias[i]; a[i,j] = f(z[i,j]). The forward step of a layer after its GEMM.
// z and a are rows x (n / rows), column-major; f is an ACTIVATION_* code; one thread per entry (grid-stride).
#include "activations.cuh"

extern "C" __global__ void add_bias_activate(float *z, const float *bias, int f, float *a, int rows, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float zi = z[i] + bias[i % rows];
        z[i] = zi;
        a[i] = activate(f, zi);
    }
}
