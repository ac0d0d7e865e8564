// Backend.gemm where cuBLAS cannot be loaded: C = alpha op(A) op(B) + beta C, column-major, as BLAS sgemm,
// with op(X) = X^T when the flag is non-zero. op(A) is m x k, op(B) k x n, C m x n; lda, ldb, ldc are the
// stored row counts. As BLAS specifies, beta = 0 ignores C entirely (it may hold NaN) and alpha = 0 reads
// neither A nor B.
//
// Register tiling: a block of 16 x 16 threads computes a 64 x 64 tile of C, and thread (tx, ty) the 4 x 4
// entries at rows 4 tx .. 4 tx + 3, columns 4 ty .. 4 ty + 3 of it, summed in 16 registers. k goes in steps of
// 16: the block stages the 64 x 16 slice of op(A) and the 16 x 64 slice of op(B) in shared memory (zeros outside
// the matrices), then each thread adds 16 outer products of a column of 4 from the A slice and a row of 4 from
// the B slice: 16 multiply-adds per 8 shared-memory reads, where one output per thread does 1 per 2.
// Each thread stages four floats that are neighbours in memory from each matrix: one float4 load where the
// matrix's address and leading dimension are multiples of 16 bytes (a view at a column offset need not be) and
// all four lie inside it, else four bounds-checked loads.
// Launch with blockDim = (SGEMM_THREADS, SGEMM_THREADS) and gridDim = (ceil(m / SGEMM_TILE), ceil(n / SGEMM_TILE)).
#define SGEMM_TILE 64    // rows and columns of C per block
#define SGEMM_THREADS 16 // threads per block in x and in y
#define SGEMM_K 16       // k per step
#define SGEMM_MICRO (SGEMM_TILE / SGEMM_THREADS) // 4: rows and columns of C per thread

// tile[l][i] = X(i0 + i, l0 + l) for i < 64, l < 16, and 0 where i0 + i >= rows or l0 + l >= k. X(i, l) is
// x[i + l ld], or x[l + i ld] when lContiguous: op(A) is X with lContiguous = transA, op(B)^T with !transB.
// Thread t (of 256) loads X(i .. i + 3, l), or X(i, l .. l + 3) when lContiguous.
static __device__ void stage(float tile[SGEMM_K][SGEMM_TILE], const float *x, int ld, int lContiguous, int rows,
                             int k, int i0, int l0, int vectors, int t)
{
    int i = lContiguous ? t / 4 : 4 * (t % 16);
    int l = lContiguous ? 4 * (t % 4) : t / 16;
    int gi = i0 + i, gl = l0 + l;
    const float *p = x + (lContiguous ? gl + (long long) gi * ld : gi + (long long) gl * ld);
    float v[4];
    if (vectors && (lContiguous ? gi < rows && gl + 3 < k : gi + 3 < rows && gl < k)) {
        float4 q = __ldg((const float4 *) p);
        v[0] = q.x, v[1] = q.y, v[2] = q.z, v[3] = q.w;
    } else {
        for (int r = 0; r < 4; r++) {
            v[r] = (lContiguous ? gi < rows && gl + r < k : gi + r < rows && gl < k) ? p[r] : 0.0f;
        }
    }
    for (int r = 0; r < 4; r++) {
        if (lContiguous) {
            tile[l + r][i] = v[r];
        } else {
            tile[l][i + r] = v[r];
        }
    }
}

extern "C" __global__ void sgemm(int transA, int transB, int m, int n, int k, float alpha,
                                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    __shared__ __align__(16) float aTile[SGEMM_K][SGEMM_TILE]; // aTile[l][i] = op(A)[row0 + i, l0 + l]
    __shared__ __align__(16) float bTile[SGEMM_K][SGEMM_TILE]; // bTile[l][j] = op(B)[l0 + l, col0 + j]
    int tx = threadIdx.x, ty = threadIdx.y, t = tx + SGEMM_THREADS * ty;
    int row0 = blockIdx.x * SGEMM_TILE, col0 = blockIdx.y * SGEMM_TILE;
    // a float4 load needs a 16-byte aligned address: the matrix's start and every column's
    int vectorsA = (unsigned long long) a % 16 == 0 && lda % 4 == 0;
    int vectorsB = (unsigned long long) b % 16 == 0 && ldb % 4 == 0;

    float acc[SGEMM_MICRO][SGEMM_MICRO] = {}; // acc[r][s]: C entry (row0 + 4 tx + r, col0 + 4 ty + s)
    int steps = alpha == 0.0f ? 0 : k;        // the same in every thread: all reach the same barriers
    for (int l0 = 0; l0 < steps; l0 += SGEMM_K) {
        stage(aTile, a, lda, transA, m, k, row0, l0, vectorsA, t);
        stage(bTile, b, ldb, !transB, n, k, col0, l0, vectorsB, t);
        __syncthreads();
#pragma unroll
        for (int l = 0; l < SGEMM_K; l++) {
            float av[SGEMM_MICRO], bv[SGEMM_MICRO];
            for (int r = 0; r < SGEMM_MICRO; r++) {
                av[r] = aTile[l][SGEMM_MICRO * tx + r];
                bv[r] = bTile[l][SGEMM_MICRO * ty + r];
            }
            for (int r = 0; r < SGEMM_MICRO; r++) {
                for (int s = 0; s < SGEMM_MICRO; s++) {
                    acc[r][s] += av[r] * bv[s];
                }
            }
        }
        __syncthreads(); // before the next step overwrites the tiles
    }

    for (int s = 0; s < SGEMM_MICRO; s++) {
        int col = col0 + SGEMM_MICRO * ty + s;
        for (int r = 0; r < SGEMM_MICRO; r++) {
            int row = row0 + SGEMM_MICRO * tx + r;
            if (row < m && col < n) {
                float *at = c + row + (long long) col * ldc;
                *at = alpha * acc[r][s] + (beta == 0.0f ? 0.0f : beta * *at);
            }
        }
    }
}
