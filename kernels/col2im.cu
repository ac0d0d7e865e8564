// Backend.col2im, the adjoint of im2col: images[(c, yy, xx), s] = sum of patches[(c, i, j), (s, y, x)] over the
// filter positions (i, j) with (y, x) = (yy - kh + 1 + i, xx - kw + 1 + j) inside the output. Turns dC/dpatches
// into dC/dimages. Shapes as in im2col.cu; n = images' size.
// A gather, one thread per entry of images (grid-stride): each sums its own terms in float, i ascending, then j
// ascending (CpuBackend.col2im's order, so both give the same sums), where a scatter from patches would need
// atomics and give sums that depend on scheduling.
extern "C" __global__ void col2im(const float *patches, float *images, int channels, int height, int width,
                                  int kernel_height, int kernel_width, int n)
{
    long long patch_size = (long long) channels * kernel_height * kernel_width;
    int out_height = height - kernel_height + 1, out_width = width - kernel_width + 1;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < n; e += (long long) blockDim.x * gridDim.x) {
        int xx = (int) (e % width), yy = (int) (e / width % height), c = (int) (e / width / height % channels);
        long long s = e / width / height / channels;
        // the filter rows i whose output row lies in [0, out_height), likewise the filter columns j
        int i0 = kernel_height - 1 - yy > 0 ? kernel_height - 1 - yy : 0;
        int i1 = kernel_height - 1 - yy + out_height < kernel_height ? kernel_height - 1 - yy + out_height : kernel_height;
        int j0 = kernel_width - 1 - xx > 0 ? kernel_width - 1 - xx : 0;
        int j1 = kernel_width - 1 - xx + out_width < kernel_width ? kernel_width - 1 - xx + out_width : kernel_width;
        float sum = 0.0f;
        for (int i = i0; i < i1; i++) {
            // the next j is one row of patches and one column (output position) on
            long long from = ((long long) c * kernel_height + i) * kernel_width + j0
                             + ((s * out_height + yy - kernel_height + 1 + i) * out_width + xx - kernel_width + 1 + j0) * patch_size;
            for (int j = j0; j < j1; j++, from += patch_size + 1) {
                sum += patches[from];
            }
        }
        images[e] = sum;
    }
}
