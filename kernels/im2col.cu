// Backend.im2col: patches[(c, i, j), (s, y, x)] = images[(c, y + kh - 1 - i, x + kw - 1 - j), s], the patches of a
// 'valid' true convolution: filter position (i, j) reads the flipped image position, so that (filters as stored)^T
// * patches is Theano's conv2d without a flipped copy of the filters. images is (channels * height * width) x
// samples, patches (channels * kh * kw) x (samples * out_height * out_width), both column-major; n = patches' size.
// One thread per entry of patches (grid-stride): neighbouring threads write neighbouring entries of a patch column
// and read along one row of the image window, so both sides coalesce in runs of kw.
extern "C" __global__ void im2col(const float *images, float *patches, int channels, int height, int width,
                                  int kernel_height, int kernel_width, int n)
{
    int patch_size = channels * kernel_height * kernel_width;
    int out_height = height - kernel_height + 1, out_width = width - kernel_width + 1;
    long long input_size = (long long) channels * height * width;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < n; e += (long long) blockDim.x * gridDim.x) {
        int r = (int) (e % patch_size); // (c, i, j)
        int j = r % kernel_width, i = r / kernel_width % kernel_height, c = r / kernel_width / kernel_height;
        long long column = e / patch_size; // (s, y, x)
        int x = (int) (column % out_width), y = (int) (column / out_width % out_height);
        long long s = column / out_width / out_height;
        patches[e] = images[s * input_size + ((long long) c * height + y + kernel_height - 1 - i) * width
                            + x + kernel_width - 1 - j];
    }
}
