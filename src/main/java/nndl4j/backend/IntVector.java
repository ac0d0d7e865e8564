package nndl4j.backend;

/** A handle to an int array owned by a {@link Backend}: an epoch's permutation of sample indices. */
public interface IntVector extends AutoCloseable {
    int length();

    @Override
    void close();
}
