package nndl4j.network;

import nndl4j.data.Dataset;

/**
 * The test oracle: network2.py transcribed line by line into double precision, one sample at a time
 * (no matrices, no backends). Shares nothing with the engine but the starting parameters.
 */
final class ReferenceNetwork {
    final int[] sizes;
    final boolean crossEntropy;
    /** w[l][j][k]: from neuron k of layer l to neuron j of layer l+1. */
    final double[][][] w;
    final double[][] b;

    ReferenceNetwork(Network net) {
        sizes = net.sizes();
        crossEntropy = net.cost() == CrossEntropyCost.INSTANCE;
        float[][][] fw = net.weights();
        float[][] fb = net.biases();
        w = new double[fw.length][][];
        b = new double[fb.length][];
        for (int l = 0; l < fw.length; l++) {
            w[l] = new double[fw[l].length][];
            for (int j = 0; j < fw[l].length; j++) {
                w[l][j] = toDouble(fw[l][j]);
            }
            b[l] = toDouble(fb[l]);
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double sigmoidPrime(double z) {
        return sigmoid(z) * (1 - sigmoid(z));
    }

    /** z = w·a + b for one layer. */
    double[] weightedInput(int l, double[] a) {
        double[] z = new double[sizes[l + 1]];
        for (int j = 0; j < z.length; j++) {
            double s = b[l][j];
            for (int k = 0; k < a.length; k++) {
                s += w[l][j][k] * a[k];
            }
            z[j] = s;
        }
        return z;
    }

    double[] feedforward(double[] a) {
        for (int l = 0; l < w.length; l++) {
            double[] z = weightedInput(l, a);
            a = new double[z.length];
            for (int j = 0; j < z.length; j++) {
                a[j] = sigmoid(z[j]);
            }
        }
        return a;
    }

    double cost(double[] a, double[] y) {
        double c = 0;
        for (int i = 0; i < a.length; i++) {
            if (crossEntropy) {
                double term = -y[i] * Math.log(a[i]) - (1 - y[i]) * Math.log(1 - a[i]);
                c += Double.isNaN(term) ? 0 : term; // np.nan_to_num: 0·log 0 = 0
            } else {
                c += 0.5 * (a[i] - y[i]) * (a[i] - y[i]);
            }
        }
        return c;
    }

    /** BP1–BP4 for one sample. */
    Grad backprop(double[] x, double[] y) {
        int layers = w.length;
        double[][] zs = new double[layers][];
        double[][] activations = new double[layers + 1][];
        activations[0] = x;
        for (int l = 0; l < layers; l++) {
            zs[l] = weightedInput(l, activations[l]);
            activations[l + 1] = new double[zs[l].length];
            for (int j = 0; j < zs[l].length; j++) {
                activations[l + 1][j] = sigmoid(zs[l][j]);
            }
        }
        Grad g = new Grad(this);
        double[] aL = activations[layers];
        double[] delta = new double[aL.length];
        for (int j = 0; j < delta.length; j++) {
            delta[j] = crossEntropy ? aL[j] - y[j] : (aL[j] - y[j]) * sigmoidPrime(zs[layers - 1][j]); // BP1
        }
        for (int l = layers - 1; l >= 0; l--) {
            for (int j = 0; j < delta.length; j++) {
                g.b[l][j] = delta[j]; // BP3
                for (int k = 0; k < activations[l].length; k++) {
                    g.w[l][j][k] = delta[j] * activations[l][k]; // BP4
                }
            }
            if (l > 0) {
                double[] previous = new double[sizes[l]];
                for (int k = 0; k < previous.length; k++) {
                    double s = 0;
                    for (int j = 0; j < delta.length; j++) {
                        s += w[l][j][k] * delta[j];
                    }
                    previous[k] = s * sigmoidPrime(zs[l - 1][k]); // BP2
                }
                delta = previous;
            }
        }
        return g;
    }

    /** network2.py's update_mini_batch over samples [from, to) of data. */
    void updateMiniBatch(Dataset data, int from, int to, double eta, double lambda, int n) {
        Grad sum = new Grad(this);
        for (int i = from; i < to; i++) {
            sum.add(backprop(toDouble(data.input(i)), toDouble(data.target(i))));
        }
        int m = to - from;
        for (int l = 0; l < w.length; l++) {
            for (int j = 0; j < w[l].length; j++) {
                for (int k = 0; k < w[l][j].length; k++) {
                    w[l][j][k] = (1 - eta * (lambda / n)) * w[l][j][k] - (eta / m) * sum.w[l][j][k];
                }
                b[l][j] -= (eta / m) * sum.b[l][j];
            }
        }
    }

    /** SGD without shuffling: mini-batches in data order, the last one possibly short. */
    void sgdInOrder(Dataset data, int epochs, int miniBatchSize, double eta, double lambda) {
        int n = data.size();
        for (int e = 0; e < epochs; e++) {
            for (int k = 0; k < n; k += miniBatchSize) {
                updateMiniBatch(data, k, Math.min(n, k + miniBatchSize), eta, lambda, n);
            }
        }
    }

    int accuracy(Dataset data) {
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] a = feedforward(toDouble(data.input(i)));
            int best = 0;
            for (int j = 1; j < a.length; j++) {
                if (a[j] > a[best]) {
                    best = j;
                }
            }
            correct += best == data.label(i) ? 1 : 0;
        }
        return correct;
    }

    double totalCost(Dataset data, double lambda) {
        double c = 0;
        for (int i = 0; i < data.size(); i++) {
            c += cost(feedforward(toDouble(data.input(i))), toDouble(data.target(i))) / data.size();
        }
        double squares = 0;
        for (double[][] layer : w) {
            for (double[] row : layer) {
                for (double v : row) {
                    squares += v * v;
                }
            }
        }
        return c + 0.5 * (lambda / data.size()) * squares;
    }

    /** Gradients (or parameters) shaped like the network. */
    static final class Grad {
        final double[][] b;
        final double[][][] w;

        Grad(ReferenceNetwork net) {
            b = new double[net.b.length][];
            w = new double[net.w.length][][];
            for (int l = 0; l < net.w.length; l++) {
                b[l] = new double[net.b[l].length];
                w[l] = new double[net.w[l].length][net.w[l][0].length];
            }
        }

        void add(Grad other) {
            for (int l = 0; l < w.length; l++) {
                for (int j = 0; j < w[l].length; j++) {
                    b[l][j] += other.b[l][j];
                    for (int k = 0; k < w[l][j].length; k++) {
                        w[l][j][k] += other.w[l][j][k];
                    }
                }
            }
        }
    }
}
