// Kernels that test the emulator itself (EmulatedDeviceTest), not part of the CUDA backend: each one breaks a
// rule of CUDA on purpose, or checks a guarantee the emulator must give. Built only into the host library.

// Writes n + 1 entries of an n-entry array: the off-by-one the guard bytes must catch.
extern "C" __global__ void emulator_test_write_one_past(float *out, int n)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i <= n; i += blockDim.x * gridDim.x) {
        out[i] = 1.0f;
    }
}

// Each thread reads the value its right-hand neighbour wrote to shared memory before the barrier; a neighbour runs
// after it, so without a working barrier it would read a stale value, and with shared memory not private to the
// block, another block's. out[block * blockDim.x + t] = 1000 * block + (t + 1) % blockDim.x.
extern "C" __global__ void emulator_test_neighbour_through_shared(int *out)
{
    __shared__ int value[1024];
    int t = threadIdx.x + threadIdx.y * blockDim.x;
    int threads = blockDim.x * blockDim.y;
    int block = blockIdx.x + blockIdx.y * gridDim.x;
    value[t] = 1000 * block + t;
    __syncthreads();
    int neighbour = value[(t + 1) % threads];
    __syncthreads(); // before anyone overwrites value[] again
    value[t] = -1;
    out[block * threads + t] = neighbour;
}

// Half the threads return before the barrier the other half waits at.
extern "C" __global__ void emulator_test_divergent_barrier(int *out)
{
    if (threadIdx.x % 2 == 1) {
        return;
    }
    __syncthreads();
    out[threadIdx.x] = 1;
}

// Even threads wait at one barrier, odd ones at another.
extern "C" __global__ void emulator_test_two_barriers(int *out)
{
    if (threadIdx.x % 2 == 0) {
        __syncthreads();
    } else {
        __syncthreads();
    }
    out[threadIdx.x] = 1;
}

// Thread 3 of block 1 traps.
extern "C" __global__ void emulator_test_trap(int *out)
{
    if (blockIdx.x == 1 && threadIdx.x == 3) {
        __trap();
    }
    out[blockIdx.x * blockDim.x + threadIdx.x] = 1;
}

// Every thread adds 1 to *count and 0.5 to *sum: atomics across blocks that run in parallel.
extern "C" __global__ void emulator_test_atomics(int *count, double *sum)
{
    atomicAdd(count, 1);
    atomicAdd(sum, 0.5);
}

// Thread 5 of block 0 writes `offset` floats away from out: far enough, a fault the emulator must turn into an error.
extern "C" __global__ void emulator_test_wild_write(float *out, int offset)
{
    if (blockIdx.x == 0 && threadIdx.x == 5) {
        out[(long long) offset * 4096] = 1.0f;
    }
}

// Copies the float4 at `in` to out[0 .. 3] through __ldg: `in` one float past an allocation's start is the
// misaligned vector load a GPU faults on and the emulator must report; so is one that runs past the end.
extern "C" __global__ void emulator_test_float4_load(const float *in, float *out)
{
    float4 v = __ldg((const float4 *) in);
    out[0] = v.x, out[1] = v.y, out[2] = v.z, out[3] = v.w;
}
