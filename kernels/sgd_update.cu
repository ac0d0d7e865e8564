// Backend.sgdUpdate: param = decay * param - scale * gradient. The SGD step with L2 weight decay
// (decay = 1 - eta*lambda/n, scale = eta/m).
extern "C" __global__ void sgd_update(float *param, const float *gradient, float decay, float scale, int n)
{
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        param[i] = decay * param[i] - scale * gradient[i];
    }
}
