// The block-level sum behind the reductions (cost sums, sum of squares, argmax count).
// Each reduction kernel writes one double per block into `partials`; the host adds those few partials in
// block order. That keeps every sum deterministic and needs no atomicAdd on double (sm_60+), so the same
// source also builds for the host emulation.
#ifndef NNDL4J_BLOCK_SUM_CUH
#define NNDL4J_BLOCK_SUM_CUH

// The most threads per block a reduction may be launched with; blockDim.x must be a power of two up to this.
// CudaBackend.THREADS launches exactly this many.
#define BLOCK_SUM_THREADS 256

// Sum of `value` over the threads of the block, valid in every thread. Every thread of the block must call it.
static __device__ double block_sum(double value)
{
    __shared__ double partial[BLOCK_SUM_THREADS];
    partial[threadIdx.x] = value;
    __syncthreads();
    for (unsigned int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) {
            partial[threadIdx.x] += partial[threadIdx.x + half];
        }
        __syncthreads();
    }
    return partial[0];
}

#endif
