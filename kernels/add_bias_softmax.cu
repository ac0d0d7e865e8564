// Backend.addBiasSoftmax: z[i,j] += bias[i]; a[:,j] = exp(z[:,j] - max z[:,j]) / sum exp(z[:,j] - max z[:,j]).
// One thread per column (an output layer's columns are short), in double as the CPU backend, so the result does
// not depend on the grid. Subtracting the column maximum keeps exp from overflowing. rows >= 1.
extern "C" __global__ void add_bias_softmax(float *z, const float *bias, float *a, int rows, int cols)
{
    for (int j = blockIdx.x * blockDim.x + threadIdx.x; j < cols; j += blockDim.x * gridDim.x) {
        float *zj = z + (long long) j * rows;
        float *aj = a + (long long) j * rows;
        for (int i = 0; i < rows; i++) {
            zj[i] += bias[i];
        }
        double max = zj[0];
        for (int i = 1; i < rows; i++) {
            max = fmax(max, (double) zj[i]);
        }
        double sum = 0.0;
        for (int i = 0; i < rows; i++) {
            sum += exp(zj[i] - max);
        }
        for (int i = 0; i < rows; i++) {
            aj[i] = (float) (exp(zj[i] - max) / sum);
        }
    }
}
