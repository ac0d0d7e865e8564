package nndl4j.network;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.backend.Shapes;

/**
 * A trained tensor of a layer (its weights or biases), column-major rows×cols. It lives on the host until the
 * network binds it to a backend; from then on the backend's copy is the value, uploaded once and downloaded only
 * when the host asks ({@link #values}) after training has changed it.
 */
final class Parameter implements AutoCloseable {
    private final int rows;
    private final int cols;
    /** The value while unbound; while bound, a copy as of the last download (valid unless {@link #hostStale}). */
    private float[] host;
    private boolean hostStale;
    private Backend backend;
    private Matrix device;
    /** Where a backward pass that keeps gradients leaves this parameter's gradient; allocated on first use. */
    private Matrix gradient;

    /** {@code columnMajor} null: zeros, allocated when first needed (so that a new layer costs nothing until drawn). */
    Parameter(int rows, int cols, float[] columnMajor) {
        long count = (long) rows * cols;
        if (count > Shapes.MAX_ENTRIES) {
            throw new BadInputException("a layer's " + rows + "×" + cols + " parameters are " + count
                    + " values, more than one matrix can hold (" + Shapes.MAX_ENTRIES + ")");
        }
        if (columnMajor != null && columnMajor.length != count) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " parameter needs " + count
                    + " values, got " + columnMajor.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.host = columnMajor == null ? null : columnMajor.clone();
    }

    /** The host value, zeros allocated now if none was given yet. */
    private float[] host() {
        if (host == null) {
            host = new float[rows * cols];
        }
        return host;
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    /** The value on {@code b}, uploading it there first if it lives elsewhere. */
    Matrix on(Backend b) {
        if (backend != b) {
            release();
            device = b.upload(host(), rows, cols);
            backend = b;
        }
        return device;
    }

    /** The backend copy may change from now on (a training step is about to run). */
    void willChange() {
        if (device != null) {
            hostStale = true;
        }
    }

    /** Brings the host copy up to date, downloading it if training changed the value since the last download. */
    void download() {
        if (hostStale) {
            host = backend.download(device);
            hostStale = false;
        }
    }

    /** A copy of the current value. */
    float[] values() {
        download();
        return host().clone();
    }

    /** Replaces the value (an initializer's draw), on the host and, if bound, on the backend. */
    void set(float[] columnMajor) {
        if (columnMajor.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values, got " + columnMajor.length);
        }
        host = columnMajor.clone();
        hostStale = false;
        if (device != null) {
            device.close();
            device = backend.upload(host, rows, cols);
        }
    }

    /** The gradient buffer on the bound backend. */
    Matrix gradient() {
        if (gradient == null) {
            gradient = backend.allocate(rows, cols);
        }
        return gradient;
    }

    /** Σ of the squared entries, computed where the value lives. */
    double sumOfSquares() {
        if (device != null) {
            return backend.sumOfSquares(device);
        }
        double sum = 0;
        for (float v : host()) {
            sum += (double) v * v;
        }
        return sum;
    }

    /** Brings the value back to the host and frees the backend's memory. */
    void release() {
        if (device != null) {
            download();
            device.close();
            device = null;
            backend = null;
        }
        if (gradient != null) {
            gradient.close();
            gradient = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
