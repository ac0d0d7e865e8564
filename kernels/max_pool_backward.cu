// Backend.maxPoolBackward, as Theano's MaxPoolGrad: maps_gradient[c, (s, y, x)] = delta[(c, y / pool_height,
// x / pool_width), s] where maps[c, (s, y, x)] equals its window's maximum, 0 elsewhere and in the dropped border.
// Tied maxima each get all of delta (PyTorch and Caffe give it to one position only). Shapes as in
// max_pool_add_bias_activate.cu; maps_gradient has the shape of maps; n = maps' size.
// One thread per entry of maps (grid-stride), which recomputes its window's maximum with the forward pass's
// window_max: no argmax has to be kept between the passes, and every thread writes only its own entry.
#include "max_pool.cuh"

extern "C" __global__ void max_pool_backward(const float *maps, const float *delta, float *maps_gradient, int channels,
                                             int height, int width, int pool_height, int pool_width, int n)
{
    int pooled_height = height / pool_height, pooled_width = width / pool_width;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < n; e += (long long) blockDim.x * gridDim.x) {
        int c = (int) (e % channels), x = (int) (e / channels % width), y = (int) (e / channels / width % height);
        long long s = e / channels / width / height;
        int py = y / pool_height, px = x / pool_width;
        float gradient = 0.0f;
        if (py < pooled_height && px < pooled_width) {
            const float *first = maps + ((s * height + (long long) py * pool_height) * width
                                         + (long long) px * pool_width) * channels + c;
            if (maps[e] == window_max(first, channels, width, pool_height, pool_width)) {
                gradient = delta[(s * channels + c) * pooled_height * pooled_width + (long long) py * pooled_width + px];
            }
        }
        maps_gradient[e] = gradient;
    }
}
