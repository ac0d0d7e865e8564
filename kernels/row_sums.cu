// Backend.rowSums: sums[i] = sum over j of m[i,j]. The bias gradient of a mini-batch (BP3).
// One thread per row walks the columns in order, as the CPU backend does, so the float sum is the same;
// neighbouring threads read neighbouring entries of a column, so the reads coalesce.
extern "C" __global__ void row_sums(const float *m, float *sums, int rows, int cols)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < rows; i += blockDim.x * gridDim.x) {
        float sum = 0.0f;
        for (int j = 0; j < cols; j++) {
            sum += m[i + (long long) j * rows];
        }
        sums[i] = sum;
    }
}
