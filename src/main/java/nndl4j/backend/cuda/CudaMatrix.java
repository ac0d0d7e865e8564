package nndl4j.backend.cuda;

import nndl4j.backend.Matrix;

/** A column-major float matrix in device memory; a view ({@link #leadingColumns}) shares its parent's memory. */
final class CudaMatrix implements Matrix {
    private final DeviceMemory memory;
    private final int rows;
    private final int cols;
    private final boolean view;

    CudaMatrix(DeviceMemory memory, int rows, int cols) {
        this(memory, rows, cols, false);
    }

    private CudaMatrix(DeviceMemory memory, int rows, int cols, boolean view) {
        this.memory = memory;
        this.rows = rows;
        this.cols = cols;
        this.view = view;
    }

    CudaMatrix leadingColumns(int cols) {
        return new CudaMatrix(memory, rows, cols, true);
    }

    long pointer() {
        return memory.pointer();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void close() {
        if (!view) {
            memory.close();
        }
    }
}
