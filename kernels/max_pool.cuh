// The window maximum of max-pooling, shared by max_pool_add_bias_activate.cu and max_pool_backward.cu, so that the
// backward pass finds exactly the maxima of the forward pass. Maps are channels x (samples * height * width): the
// next entry of a map row lies `channels` entries on, the next map row width * channels.
#ifndef NNDL4J_MAX_POOL_CUH
#define NNDL4J_MAX_POOL_CUH

// The maximum of the pool_height x pool_width window whose first entry is first[0]. It starts at the first entry
// and takes an entry only where it is greater (>), as CpuBackend.windowMax does: a NaN first entry is the maximum,
// a NaN elsewhere is passed over.
static __device__ float window_max(const float *first, int channels, int width, int pool_height, int pool_width)
{
    float max = first[0];
    for (int dy = 0; dy < pool_height; dy++) {
        const float *row = first + (long long) dy * width * channels;
        for (int dx = 0; dx < pool_width; dx++) {
            float v = row[(long long) dx * channels];
            if (v > max) {
                max = v;
            }
        }
    }
    return max;
}

#endif
