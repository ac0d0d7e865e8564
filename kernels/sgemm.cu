// Backend.gemm where cuBLAS cannot be loaded: C = alpha op(A) op(B) + beta C, column-major, as BLAS sgemm,
// with op(X) = X^T when the flag is non-zero. op(A) is m x k, op(B) k x n, C m x n; lda, ldb, ldc are the
// stored row counts. beta = 0 ignores C entirely (it may hold NaN), as BLAS specifies.
//
// Tiled: a SGEMM_TILE x SGEMM_TILE thread block computes one tile of C, staging tiles of op(A) and op(B) in
// shared memory. threadIdx.x walks rows so that neighbouring threads touch neighbouring entries of C.
// Launch with blockDim = (SGEMM_TILE, SGEMM_TILE) and gridDim = (ceil(m / SGEMM_TILE), ceil(n / SGEMM_TILE)).
#define SGEMM_TILE 16

extern "C" __global__ void sgemm(int transA, int transB, int m, int n, int k, float alpha,
                                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    // The extra column keeps a warp's reads of one tile column in distinct shared-memory banks.
    __shared__ float aTile[SGEMM_TILE][SGEMM_TILE + 1];
    __shared__ float bTile[SGEMM_TILE][SGEMM_TILE + 1];
    int tx = threadIdx.x, ty = threadIdx.y;
    int row = blockIdx.x * SGEMM_TILE + tx;
    int col = blockIdx.y * SGEMM_TILE + ty;

    float acc = 0.0f;
    for (int l0 = 0; l0 < k; l0 += SGEMM_TILE) {
        int la = l0 + ty;  // this thread loads op(A)[row, la] ...
        int lb = l0 + tx;  // ... and op(B)[lb, col]
        aTile[tx][ty] = row < m && la < k ? (transA ? a[la + (long long) row * lda] : a[row + (long long) la * lda]) : 0.0f;
        bTile[tx][ty] = lb < k && col < n ? (transB ? b[col + (long long) lb * ldb] : b[lb + (long long) col * ldb]) : 0.0f;
        __syncthreads();
        for (int l = 0; l < SGEMM_TILE; l++) {
            acc += aTile[tx][l] * bTile[l][ty];
        }
        __syncthreads();
    }
    if (row < m && col < n) {
        long long at = row + (long long) col * ldc;
        c[at] = alpha * acc + (beta == 0.0f ? 0.0f : beta * c[at]);
    }
}
