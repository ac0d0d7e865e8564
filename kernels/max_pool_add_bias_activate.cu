// Backend.maxPoolAddBiasActivate: z[(c, py, px), s] = max over the pool_height x pool_width window (py, px) of map c
// of sample s + bias[c]; a = f(z). maps is channels x (samples * height * width), one column per position (s, y, x)
// as the convolution's GEMM writes it; z and a are (channels * pooled_height * pooled_width) x samples; rows and
// columns that fill no window are dropped. f is an ACTIVATION_* code; n = z's size.
// One thread per pooled output (grid-stride), channel fastest: neighbouring threads read neighbouring entries of a
// maps column, so the window reads, pool_height * pool_width per output, coalesce (the writes do not).
#include "activations.cuh"
#include "max_pool.cuh"

extern "C" __global__ void max_pool_add_bias_activate(const float *maps, const float *bias, int f, float *z, float *a,
                                                      int channels, int height, int width, int pool_height,
                                                      int pool_width, int n)
{
    int pooled_height = height / pool_height, pooled_width = width / pool_width;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < n; e += (long long) blockDim.x * gridDim.x) {
        int c = (int) (e % channels), px = (int) (e / channels % pooled_width);
        int py = (int) (e / channels / pooled_width % pooled_height);
        long long s = e / channels / pooled_width / pooled_height;
        const float *first = maps + ((s * height + (long long) py * pool_height) * width + (long long) px * pool_width)
                                    * channels + c;
        float zi = window_max(first, channels, width, pool_height, pool_width) + bias[c];
        long long out = (s * channels + c) * pooled_height * pooled_width + (long long) py * pooled_width + px;
        z[out] = zi;
        a[out] = activate(f, zi);
    }
}
