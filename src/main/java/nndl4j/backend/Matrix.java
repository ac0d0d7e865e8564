package nndl4j.backend;

/**
 * A handle to a float32 matrix owned by a {@link Backend}, stored column-major with leading dimension
 * {@code rows} (BLAS convention). A mini-batch is a matrix with one sample per column.
 * The training loop only ever holds handles; the data lives wherever the backend keeps it.
 */
public interface Matrix extends AutoCloseable {
    int rows();

    int cols();

    default int size() {
        return rows() * cols();
    }

    /** Frees the storage. Closing a view ({@link Backend#leadingColumns}) frees nothing. */
    @Override
    void close();
}
