package nndl4j.cli;

import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.BatchCursor;
import nndl4j.backend.Convolution;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;
import nndl4j.backend.Pooling;

import java.util.Set;

/**
 * The CPU backend with some ops deliberately wrong, for the test that {@code verify} catches them: {@code gemm} adds
 * 1e-2 to the first entry of C, {@code countArgmaxMatches} lets the last maximum win, {@code dropout} draws the mask
 * of another seed. Every other op delegates unchanged.
 */
final class BrokenBackend implements Backend {
    private final Backend cpu;
    private final Set<String> broken;

    BrokenBackend(Backend cpu, Set<String> broken) {
        this.cpu = cpu;
        this.broken = broken;
    }

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public String description() {
        return "the CPU backend with a broken " + String.join(", ", broken);
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        cpu.gemm(transposeA, transposeB, alpha, a, b, beta, c);
        if (broken.contains("gemm") && c.size() > 0) {
            float[] error = new float[c.size()];
            error[0] = 1e-2f;
            try (Matrix e = cpu.upload(error, c.rows(), c.cols())) {
                cpu.sgdUpdate(c, e, 1f, -1f); // c += e
            }
        }
    }

    @Override
    public long countArgmaxMatches(Matrix a, Matrix y) {
        if (!broken.contains("countArgmaxMatches")) {
            return cpu.countArgmaxMatches(a, y);
        }
        float[] as = cpu.download(a), ys = cpu.download(y);
        long matches = 0;
        for (int j = 0; j < a.cols(); j++) {
            matches += lastArgmax(as, j * a.rows(), a.rows()) == lastArgmax(ys, j * a.rows(), a.rows()) ? 1 : 0;
        }
        return matches;
    }

    private static int lastArgmax(float[] v, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (v[from + i] >= v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void dropout(Matrix m, float keepProbability, long seed, int layer, BatchCursor at) {
        cpu.dropout(m, keepProbability, broken.contains("dropout") ? seed + 1 : seed, layer, at);
    }

    // ---- the rest delegates ----

    @Override
    public Matrix allocate(int rows, int cols) {
        return cpu.allocate(rows, cols);
    }

    @Override
    public Matrix upload(float[] columnMajor, int rows, int cols) {
        return cpu.upload(columnMajor, rows, cols);
    }

    @Override
    public float[] download(Matrix m) {
        return cpu.download(m);
    }

    @Override
    public IntVector upload(int[] values) {
        return cpu.upload(values);
    }

    @Override
    public Matrix leadingColumns(Matrix m, int cols) {
        return cpu.leadingColumns(m, cols);
    }

    @Override
    public BatchCursor allocateCursor() {
        return cpu.allocateCursor();
    }

    @Override
    public void moveCursor(BatchCursor cursor, long step, int offset) {
        cpu.moveCursor(cursor, step, offset);
    }

    @Override
    public void advanceCursor(BatchCursor cursor, int columns) {
        cpu.advanceCursor(cursor, columns);
    }

    @Override
    public void addBiasActivate(Matrix z, Matrix bias, Activation f, Matrix a) {
        cpu.addBiasActivate(z, bias, f, a);
    }

    @Override
    public void addBiasSoftmax(Matrix z, Matrix bias, Matrix a) {
        cpu.addBiasSoftmax(z, bias, a);
    }

    @Override
    public void multiplyActivationDerivative(Matrix delta, Activation f, Matrix z, Matrix a) {
        cpu.multiplyActivationDerivative(delta, f, z, a);
    }

    @Override
    public void difference(Matrix a, Matrix y, Matrix delta) {
        cpu.difference(a, y, delta);
    }

    @Override
    public void rowSums(Matrix m, Matrix sums) {
        cpu.rowSums(m, sums);
    }

    @Override
    public void sgdUpdate(Matrix param, Matrix gradient, float decay, float scale) {
        cpu.sgdUpdate(param, gradient, decay, scale);
    }

    @Override
    public void gatherColumns(Matrix src, IntVector permutation, BatchCursor at, Matrix dst) {
        cpu.gatherColumns(src, permutation, at, dst);
    }

    @Override
    public double quadraticCostSum(Matrix a, Matrix y) {
        return cpu.quadraticCostSum(a, y);
    }

    @Override
    public double crossEntropyCostSum(Matrix a, Matrix y) {
        return cpu.crossEntropyCostSum(a, y);
    }

    @Override
    public double logLikelihoodCostSum(Matrix a, Matrix y) {
        return cpu.logLikelihoodCostSum(a, y);
    }

    @Override
    public double sumOfSquares(Matrix m) {
        return cpu.sumOfSquares(m);
    }

    @Override
    public void im2col(Matrix images, Convolution g, Matrix patches) {
        cpu.im2col(images, g, patches);
    }

    @Override
    public void col2im(Matrix patches, Convolution g, Matrix images) {
        cpu.col2im(patches, g, images);
    }

    @Override
    public void maxPoolAddBiasActivate(Matrix maps, Pooling p, Matrix bias, Activation f, Matrix z, Matrix a) {
        cpu.maxPoolAddBiasActivate(maps, p, bias, f, z, a);
    }

    @Override
    public void maxPoolBackward(Matrix maps, Pooling p, Matrix delta, Matrix mapsGradient) {
        cpu.maxPoolBackward(maps, p, delta, mapsGradient);
    }

    @Override
    public void channelSums(Matrix m, int channels, Matrix sums) {
        cpu.channelSums(m, channels, sums);
    }

    @Override
    public void synchronize() {
        cpu.synchronize();
    }

    @Override
    public void close() {
        cpu.close();
    }
}
