package nndl4j.backend.cpu;

import nndl4j.backend.Matrix;
import nndl4j.backend.Shapes;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;

/** A column-major matrix in native memory, so OpenBLAS reads it in place (a float[] would be copied per call). */
final class CpuMatrix implements Matrix {
    final FloatPointer pointer;
    final FloatBuffer data;
    private final int rows;
    private final int cols;
    private final boolean view;

    CpuMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.pointer = new FloatPointer(Math.max(1L, Shapes.checkedSize(rows, cols)));
        this.pointer.zero();
        this.data = pointer.asBuffer();
        this.view = false;
    }

    private CpuMatrix(CpuMatrix parent, int cols) {
        this.rows = parent.rows;
        this.cols = cols;
        this.pointer = parent.pointer;
        this.data = parent.data;
        this.view = true;
    }

    CpuMatrix leadingColumns(int cols) {
        return new CpuMatrix(this, cols);
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
            pointer.close();
        }
    }
}
