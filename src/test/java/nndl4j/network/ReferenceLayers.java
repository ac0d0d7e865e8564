package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.Philox;
import nndl4j.data.Dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * network3.py's math in double precision, one sample at a time, written from the book's equations: fully connected
 * layers z = x·w + b with w as n_in×n_out, a softmax or activated output, dropout that zeroes input i of layer l at
 * training step t unless {@link Philox#keeps} keeps it (inference scales the input by 1 − p instead), the costs of
 * both network2.py and network3.py, and SGD with network3.py's L2 rule. The oracle of {@link LayeredParityTest} and
 * {@link LayerGradientCheckTest}; it shares no code with the engine.
 */
final class ReferenceLayers {
    /** One layer: w[i][o] from input i to output o; softmax when activation is null. */
    static final class Dense {
        final double[][] w;
        final double[] b;
        final Activation activation;
        final double p;

        Dense(double[][] w, double[] b, Activation activation, double p) {
            this.w = w;
            this.b = b;
            this.activation = activation;
            this.p = p;
        }

        int nIn() {
            return w.length;
        }

        int nOut() {
            return b.length;
        }
    }

    final List<Dense> layers = new ArrayList<>();
    final Cost cost;

    /** A copy of a layered network's parameters. */
    ReferenceLayers(LayeredNetwork net) {
        cost = LogLikelihoodCost.INSTANCE;
        for (Layer layer : net.layers()) {
            DenseLayer d = (DenseLayer) layer;
            Activation f = d instanceof FullyConnectedLayer fc ? fc.activation() : null;
            layers.add(new Dense(toDouble(d.weights()), toDouble(d.biases()), f, d.pDropout()));
        }
    }

    /** A copy of a network2 network's parameters: its weights [out][in] transposed to network3's [in][out]. */
    ReferenceLayers(Network net) {
        cost = net.cost();
        float[][][] w = net.weights();
        float[][] b = net.biases();
        for (int l = 0; l < w.length; l++) {
            double[][] t = new double[w[l][0].length][w[l].length];
            for (int o = 0; o < w[l].length; o++) {
                for (int i = 0; i < w[l][0].length; i++) {
                    t[i][o] = w[l][o][i];
                }
            }
            layers.add(new Dense(t, toDouble(b[l]), l + 1 < w.length ? net.activation() : Activation.SIGMOID, 0));
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static double[][] toDouble(float[][] m) {
        double[][] d = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            d[i] = toDouble(m[i]);
        }
        return d;
    }

    static double f(Activation f, double z) {
        return switch (f) {
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case RELU -> Math.max(0, z);
            case LINEAR -> z;
        };
    }

    static double fPrime(Activation f, double z) {
        return switch (f) {
            case SIGMOID -> f(f, z) * (1 - f(f, z));
            case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
            case RELU -> z >= 0 ? 1 : 0;
            case LINEAR -> 1;
        };
    }

    /** Whether dropout keeps input i of layer l for column {@code column} of a mini-batch at {@code step}; null: inference. */
    record Masks(long seed, long step, int column) {
        boolean keeps(int layer, int nIn, int i, double p) {
            return Philox.keeps(seed, layer, step, (long) column * nIn + i, (float) (1 - p));
        }
    }

    /** What one forward pass leaves for backpropagation: each layer's (masked) input, z and a. */
    private record Trace(double[][] inputs, double[][] zs, double[][] as) {
    }

    private Trace trace(double[] x, Masks masks) {
        int n = layers.size();
        double[][] inputs = new double[n][], zs = new double[n][], as = new double[n][];
        double[] a = x;
        for (int l = 0; l < n; l++) {
            Dense d = layers.get(l);
            double[] in = a.clone();
            double scale = 1;
            if (d.p > 0) {
                if (masks != null) {
                    for (int i = 0; i < in.length; i++) {
                        in[i] = masks.keeps(l, d.nIn(), i, d.p) ? in[i] : 0;
                    }
                } else {
                    scale = 1 - d.p;
                }
            }
            double[] z = new double[d.nOut()];
            for (int o = 0; o < z.length; o++) {
                double s = 0;
                for (int i = 0; i < in.length; i++) {
                    s += in[i] * d.w[i][o];
                }
                z[o] = scale * s + d.b[o];
            }
            a = d.activation == null ? softmax(z) : apply(d.activation, z);
            inputs[l] = in;
            zs[l] = z;
            as[l] = a;
        }
        return new Trace(inputs, zs, as);
    }

    private static double[] apply(Activation f, double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = f(f, z[i]);
        }
        return a;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    double[] feedforward(double[] x, Masks masks) {
        Trace t = trace(x, masks);
        return t.as[layers.size() - 1];
    }

    /** The cost of one sample: quadratic, cross-entropy or log-likelihood, by the costs' definitions. */
    double cost(double[] a, double[] y) {
        double c = 0;
        for (int i = 0; i < a.length; i++) {
            if (cost == QuadraticCost.INSTANCE) {
                c += 0.5 * (a[i] - y[i]) * (a[i] - y[i]);
            } else if (cost == CrossEntropyCost.INSTANCE) {
                c -= y[i] * Math.log(a[i]) + (1 - y[i]) * Math.log(1 - a[i]);
            } else if (y[i] != 0) {
                c -= y[i] * Math.log(a[i]);
            }
        }
        return c;
    }

    /** ∂C/∂w[l][i][o] and ∂C/∂b[l][o] for one sample, by the chain rule through every layer. */
    record Grad(double[][][] w, double[][] b) {
    }

    Grad backprop(double[] x, double[] y, Masks masks) {
        Trace t = trace(x, masks);
        int n = layers.size();
        double[][][] gw = new double[n][][];
        double[][] gb = new double[n][];
        double[] aL = t.as[n - 1];
        double[] delta = new double[aL.length];
        Dense out = layers.get(n - 1);
        for (int o = 0; o < delta.length; o++) {
            if (out.activation == null) { // softmax with log-likelihood, and cross-entropy after a sigmoid
                delta[o] = aL[o] - y[o];
            } else if (cost == CrossEntropyCost.INSTANCE) {
                delta[o] = (aL[o] - y[o]) / (aL[o] * (1 - aL[o])) * fPrime(out.activation, t.zs[n - 1][o]);
            } else {
                delta[o] = (aL[o] - y[o]) * fPrime(out.activation, t.zs[n - 1][o]);
            }
        }
        for (int l = n - 1; l >= 0; l--) {
            Dense d = layers.get(l);
            double[] in = t.inputs[l];
            gw[l] = new double[d.nIn()][d.nOut()];
            for (int i = 0; i < d.nIn(); i++) {
                for (int o = 0; o < d.nOut(); o++) {
                    gw[l][i][o] = in[i] * delta[o];
                }
            }
            gb[l] = delta.clone();
            if (l > 0) {
                Dense before = layers.get(l - 1);
                double[] previous = new double[d.nIn()];
                for (int i = 0; i < d.nIn(); i++) {
                    double s = 0;
                    for (int o = 0; o < d.nOut(); o++) {
                        s += d.w[i][o] * delta[o];
                    }
                    boolean dropped = d.p > 0 && masks != null && !masks.keeps(l, d.nIn(), i, d.p);
                    previous[i] = dropped ? 0 : s * fPrime(before.activation, t.zs[l - 1][i]);
                }
                delta = previous;
            }
        }
        return new Grad(gw, gb);
    }

    /**
     * network3.py's SGD: mini-batches in data order, the remainder dropped, gradients averaged over the mini-batch,
     * w ← (1 − ηλ/batches)·w − η·mean ∇w, b ← b − η·mean ∇b; dropout masks of (seed, layer, iteration, position).
     */
    void sgd(Dataset training, int epochs, int miniBatchSize, double eta, double lambda, long seed) {
        int batches = training.size() / miniBatchSize;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int batch = 0; batch < batches; batch++) {
                long iteration = (long) batches * epoch + batch;
                List<Grad> grads = new ArrayList<>();
                for (int j = 0; j < miniBatchSize; j++) {
                    int sample = batch * miniBatchSize + j;
                    grads.add(backprop(toDouble(training.input(sample)), toDouble(training.target(sample)),
                            new Masks(seed, iteration, j)));
                }
                for (int l = 0; l < layers.size(); l++) {
                    Dense d = layers.get(l);
                    for (int o = 0; o < d.nOut(); o++) {
                        double sb = 0;
                        for (Grad g : grads) {
                            sb += g.b[l][o];
                        }
                        d.b[o] -= eta * sb / miniBatchSize;
                        for (int i = 0; i < d.nIn(); i++) {
                            double sw = 0;
                            for (Grad g : grads) {
                                sw += g.w[l][i][o];
                            }
                            d.w[i][o] = (1 - eta * lambda / batches) * d.w[i][o] - eta * sw / miniBatchSize;
                        }
                    }
                }
            }
        }
    }

    /** Correct answers over the first {@code size} samples (output argmax = target argmax, first on ties). */
    int accuracy(Dataset data, int size) {
        int correct = 0;
        for (int j = 0; j < size; j++) {
            double[] a = feedforward(toDouble(data.input(j)), null);
            int best = 0;
            for (int i = 1; i < a.length; i++) {
                if (a[i] > a[best]) {
                    best = i;
                }
            }
            correct += best == data.label(j) ? 1 : 0;
        }
        return correct;
    }
}
