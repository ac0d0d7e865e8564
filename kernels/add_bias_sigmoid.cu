// Backend.addBiasSigmoid: z[i,j] += bias[i]; a[i,j] = sigmoid(z[i,j]). The forward step of a layer after its GEMM.
// z and a are rows x (n / rows), column-major; one thread per entry (grid-stride).
extern "C" __global__ void add_bias_sigmoid(float *z, const float *bias, float *a, int rows, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float zi = z[i] + bias[i % rows];
        z[i] = zi;
        a[i] = 1.0f / (1.0f + expf(-zi));
    }
}
