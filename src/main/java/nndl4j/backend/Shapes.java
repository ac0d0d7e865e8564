package nndl4j.backend;

/**
 * The shape checks every {@link Backend} runs before an op touches memory, so that no mismatched size reaches
 * native BLAS or a kernel. Each throws {@link IllegalArgumentException} naming the op and the shapes.
 */
public final class Shapes {

    private Shapes() {
    }

    /** The most entries of one matrix: what a Java array (and a buffer over native memory) can index. */
    public static final int MAX_ENTRIES = Integer.MAX_VALUE - 8;

    /**
     * rows·cols, checked to fit one matrix before anything is allocated: a product beyond {@link #MAX_ENTRIES} would
     * wrap around int and allocate a wrong (or negative) size.
     */
    public static int checkedSize(int rows, int cols) {
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || size > MAX_ENTRIES) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix has " + size
                    + " entries, more than one matrix can hold (" + MAX_ENTRIES + ")");
        }
        return (int) size;
    }

    /** Every matrix has the shape of the first; {@code names} are the op's parameter names, in order. */
    public static void same(String op, String names, Matrix... matrices) {
        for (Matrix m : matrices) {
            if (m.rows() != matrices[0].rows() || m.cols() != matrices[0].cols()) {
                throw mismatch(op, names, matrices);
            }
        }
    }

    /** {@code column} is a column of {@code m}'s height (a bias, or the row sums of m). */
    public static void column(String op, Matrix m, Matrix column) {
        if (column.rows() != m.rows() || column.cols() != 1) {
            throw new IllegalArgumentException(op + ": expected a " + m.rows() + "×1 column beside a " + shape(m)
                    + " matrix, got " + shape(column));
        }
    }

    /** C = op(A)·op(B): op(A) is m×k, op(B) k×n, C m×n. */
    public static void gemm(boolean transposeA, boolean transposeB, Matrix a, Matrix b, Matrix c) {
        int m = transposeA ? a.cols() : a.rows(), k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows(), n = transposeB ? b.rows() : b.cols();
        if (k != kb || m != c.rows() || n != c.cols()) {
            throw new IllegalArgumentException("gemm: op(A) is " + m + "×" + k + ", op(B) " + kb + "×" + n + ", C "
                    + shape(c) + " (A " + shape(a) + (transposeA ? " transposed" : "") + ", B " + shape(b)
                    + (transposeB ? " transposed" : "") + ")");
        }
    }

    /** dst's columns come from src's rows at permutation[offset ..]. */
    public static void gather(Matrix src, IntVector permutation, BatchCursor at, Matrix dst) {
        int offset = at.offset();
        if (src.rows() != dst.rows() || offset < 0 || (long) offset + dst.cols() > permutation.length()) {
            throw new IllegalArgumentException("gatherColumns: src " + shape(src) + ", dst " + shape(dst)
                    + ", permutation[" + offset + " .. " + ((long) offset + dst.cols()) + ") of " + permutation.length());
        }
    }

    /**
     * im2col and col2im: images are g.inputSize() × samples, patches g.patchSize() × (samples · g.positions()).
     * In long arithmetic, so that a geometry whose sizes overflow an int matches no matrix.
     */
    public static void convolution(String op, Matrix images, Convolution g, Matrix patches) {
        long inputSize = (long) g.channels() * g.height() * g.width();
        long patchSize = (long) g.channels() * g.kernelHeight() * g.kernelWidth();
        long positions = (long) g.outHeight() * g.outWidth();
        if (images.rows() != inputSize || patches.rows() != patchSize || patches.cols() != images.cols() * positions) {
            throw new IllegalArgumentException(op + ": " + g.kernelHeight() + "×" + g.kernelWidth() + " filters over "
                    + g.channels() + "×" + g.height() + "×" + g.width() + " maps take images " + inputSize
                    + "×samples and patches " + patchSize + "×(samples·" + positions + "), got images " + shape(images)
                    + ", patches " + shape(patches));
        }
    }

    /**
     * Max-pooling: maps are p.channels() × (samples · p.height() · p.width()), and each matrix of {@code pooled}
     * (named by {@code names}) p.outputSize() × samples. In long arithmetic, as {@link #convolution}.
     */
    public static void pooling(String op, Matrix maps, Pooling p, String names, Matrix... pooled) {
        long positions = (long) p.height() * p.width();
        long outputSize = (long) p.channels() * p.pooledHeight() * p.pooledWidth();
        boolean fits = maps.rows() == p.channels() && maps.cols() % positions == 0;
        for (Matrix m : pooled) {
            fits &= m.rows() == outputSize && m.cols() == maps.cols() / positions;
        }
        if (!fits) {
            String[] name = names.split(", ");
            StringBuilder shapes = new StringBuilder("maps " + shape(maps));
            for (int i = 0; i < pooled.length; i++) {
                shapes.append(", ").append(name[i]).append(' ').append(shape(pooled[i]));
            }
            throw new IllegalArgumentException(op + ": " + p.poolHeight() + "×" + p.poolWidth() + " pooling of "
                    + p.channels() + "×" + p.height() + "×" + p.width() + " maps takes maps " + p.channels()
                    + "×(samples·" + positions + ") and " + String.join(", ", name) + " " + outputSize
                    + "×samples, got " + shapes);
        }
    }

    /** m's rows are {@code channels} equal runs (channels ≥ 1), and sums is a channels×1 column. */
    public static void channels(String op, Matrix m, int channels, Matrix sums) {
        if (channels < 1 || m.rows() % channels != 0 || sums.rows() != channels || sums.cols() != 1) {
            throw new IllegalArgumentException(op + ": expected " + channels + " channels of equal runs of rows and a "
                    + channels + "×1 column of sums, got m " + shape(m) + ", sums " + shape(sums));
        }
    }

    /** A cursor position: the offset is an index into a permutation. */
    public static void cursor(String op, long offset) {
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": the cursor's offset must lie in [0, 2^31), got " + offset);
        }
    }

    /** A probability in [0, 1] (NaN is not). */
    public static void probability(String op, float p) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException(op + ": keep probability must lie in [0, 1], got " + p);
        }
    }

    private static IllegalArgumentException mismatch(String op, String names, Matrix... matrices) {
        String[] name = names.split(", ");
        StringBuilder shapes = new StringBuilder();
        for (int i = 0; i < matrices.length; i++) {
            shapes.append(i == 0 ? "" : ", ").append(name[i]).append(' ').append(shape(matrices[i]));
        }
        return new IllegalArgumentException(op + ": shapes differ: " + shapes);
    }

    private static String shape(Matrix m) {
        return m.rows() + "×" + m.cols();
    }
}
