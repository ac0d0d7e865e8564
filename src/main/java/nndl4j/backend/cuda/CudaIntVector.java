package nndl4j.backend.cuda;

import nndl4j.backend.IntVector;

/** An int array in device memory: an epoch's permutation of sample indices. */
final class CudaIntVector implements IntVector {
    private final DeviceMemory memory;
    private final int length;

    CudaIntVector(DeviceMemory memory, int length) {
        this.memory = memory;
        this.length = length;
    }

    long pointer() {
        return memory.pointer();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void close() {
        memory.close();
    }
}
