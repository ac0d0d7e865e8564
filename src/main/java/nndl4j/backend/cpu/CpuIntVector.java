package nndl4j.backend.cpu;

import nndl4j.backend.IntVector;

final class CpuIntVector implements IntVector {
    final int[] values;

    CpuIntVector(int[] values) {
        this.values = values.clone();
    }

    @Override
    public int length() {
        return values.length;
    }

    @Override
    public void close() {
    }
}
