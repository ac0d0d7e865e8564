package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.Philox;
import nndl4j.data.Dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * network3.py's math in double precision, one sample at a time, written from the book's equations: fully connected
 * layers z = x·w + b with w as n_in×n_out, conv-pool layers z = maxpool(w ∗ x) + b with a direct true convolution
 * and Theano's max-pool gradient (every entry equal to its window's maximum receives the window's δ), a softmax or
 * activated output, dropout that zeroes input i of layer l at training step t unless {@link Philox#keeps} keeps it
 * (inference scales the input by 1 − p instead), the costs of both network2.py and network3.py, and SGD with
 * network3.py's L2 rule. The oracle of {@link LayeredParityTest} and {@link LayerGradientCheckTest}; it shares no
 * code with the engine. Each layer's weights are one flat array in network3.py's order (w[i][o] at i·n_out + o,
 * w[f][c][i][j] at ((f·C + c)·kh + i)·kw + j).
 */
final class ReferenceLayers {
    /** One layer's parameters and math; activation null means softmax. */
    abstract static class Ref {
        final double[] w;
        final double[] b;
        final Activation activation;
        final double p;

        Ref(double[] w, double[] b, Activation activation, double p) {
            this.w = w;
            this.b = b;
            this.activation = activation;
            this.p = p;
        }

        abstract int nIn();

        abstract int nOut();

        /** z of the (masked) input; {@code scale} multiplies the input (1 − p at inference with dropout). */
        abstract double[] z(double[] in, double scale);

        /** Adds this sample's ∂C/∂w into gw and returns ∂C/∂(input), given δ = ∂C/∂z and the forward's input. */
        abstract double[] backward(double[] in, double[] delta, double[] gw);
    }

    /** A fully connected or softmax layer: z[o] = Σ_i in[i]·w[i][o] + b[o]. */
    static final class Dense extends Ref {
        private final int nIn;

        Dense(double[] w, double[] b, Activation activation, double p) {
            super(w, b, activation, p);
            this.nIn = w.length / b.length;
        }

        @Override
        int nIn() {
            return nIn;
        }

        @Override
        int nOut() {
            return b.length;
        }

        @Override
        double[] z(double[] in, double scale) {
            double[] z = new double[nOut()];
            for (int o = 0; o < z.length; o++) {
                double s = 0;
                for (int i = 0; i < nIn; i++) {
                    s += in[i] * w[i * nOut() + o];
                }
                z[o] = scale * s + b[o];
            }
            return z;
        }

        @Override
        double[] backward(double[] in, double[] delta, double[] gw) {
            double[] gin = new double[nIn];
            for (int i = 0; i < nIn; i++) {
                for (int o = 0; o < nOut(); o++) {
                    gw[i * nOut() + o] += in[i] * delta[o];
                    gin[i] += w[i * nOut() + o] * delta[o];
                }
            }
            return gin;
        }
    }

    /** network3.py's ConvPoolLayer: z[f, py, px] = max over the window of (w ∗ in)[f, y, x] + b[f]. */
    static final class Conv extends Ref {
        final int filters, channels, height, width, kh, kw, ph, pw;

        Conv(ConvPoolLayer layer) {
            super(flat(layer.weights()), toDouble(layer.biases()), layer.activation(), 0);
            filters = layer.filterShape().filters();
            channels = layer.imageShape().channels();
            height = layer.imageShape().height();
            width = layer.imageShape().width();
            kh = layer.filterShape().height();
            kw = layer.filterShape().width();
            ph = layer.poolSize().height();
            pw = layer.poolSize().width();
        }

        int outH() {
            return height - kh + 1;
        }

        int outW() {
            return width - kw + 1;
        }

        @Override
        int nIn() {
            return channels * height * width;
        }

        @Override
        int nOut() {
            return filters * (outH() / ph) * (outW() / pw);
        }

        double weight(int f, int c, int i, int j) {
            return w[((f * channels + c) * kh + i) * kw + j];
        }

        /** The true convolution, six loops: out[f][y][x] = Σ_c Σ_i Σ_j in[c][y + kh − 1 − i][x + kw − 1 − j]·w[f][c][i][j]. */
        double[][][] convolve(double[] in) {
            double[][][] out = new double[filters][outH()][outW()];
            for (int f = 0; f < filters; f++) {
                for (int y = 0; y < outH(); y++) {
                    for (int x = 0; x < outW(); x++) {
                        double s = 0;
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    s += in[(c * height + y + kh - 1 - i) * width + x + kw - 1 - j] * weight(f, c, i, j);
                                }
                            }
                        }
                        out[f][y][x] = s;
                    }
                }
            }
            return out;
        }

        double windowMax(double[][] map, int py, int px) {
            double max = Double.NEGATIVE_INFINITY;
            for (int dy = 0; dy < ph; dy++) {
                for (int dx = 0; dx < pw; dx++) {
                    max = Math.max(max, map[py * ph + dy][px * pw + dx]);
                }
            }
            return max;
        }

        @Override
        double[] z(double[] in, double scale) {
            double[][][] maps = convolve(in);
            int qh = outH() / ph, qw = outW() / pw;
            double[] z = new double[nOut()];
            for (int f = 0; f < filters; f++) {
                for (int py = 0; py < qh; py++) {
                    for (int px = 0; px < qw; px++) {
                        z[(f * qh + py) * qw + px] = windowMax(maps[f], py, px) + b[f];
                    }
                }
            }
            return z;
        }

        @Override
        double[] backward(double[] in, double[] delta, double[] gw) {
            double[][][] maps = convolve(in);
            int qh = outH() / ph, qw = outW() / pw;
            double[][][] dMaps = new double[filters][outH()][outW()];
            for (int f = 0; f < filters; f++) {
                for (int py = 0; py < qh; py++) {
                    for (int px = 0; px < qw; px++) {
                        double max = windowMax(maps[f], py, px);
                        for (int dy = 0; dy < ph; dy++) {
                            for (int dx = 0; dx < pw; dx++) {
                                if (maps[f][py * ph + dy][px * pw + dx] == max) { // every tie, as Theano
                                    dMaps[f][py * ph + dy][px * pw + dx] = delta[(f * qh + py) * qw + px];
                                }
                            }
                        }
                    }
                }
            }
            double[] gin = new double[nIn()];
            for (int f = 0; f < filters; f++) {
                for (int y = 0; y < outH(); y++) {
                    for (int x = 0; x < outW(); x++) {
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int at = (c * height + y + kh - 1 - i) * width + x + kw - 1 - j;
                                    gw[((f * channels + c) * kh + i) * kw + j] += in[at] * dMaps[f][y][x];
                                    gin[at] += weight(f, c, i, j) * dMaps[f][y][x];
                                }
                            }
                        }
                    }
                }
            }
            return gin;
        }

        /** ∂C/∂b[f] = Σ of δ over the filter's pooled positions. */
        double[] biasGradient(double[] delta) {
            double[] gb = new double[filters];
            int per = nOut() / filters;
            for (int k = 0; k < delta.length; k++) {
                gb[k / per] += delta[k];
            }
            return gb;
        }

        private static double[] flat(float[][][][] w) {
            List<Double> values = new ArrayList<>();
            for (float[][][] filter : w) {
                for (float[][] channel : filter) {
                    for (float[] row : channel) {
                        for (float v : row) {
                            values.add((double) v);
                        }
                    }
                }
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    final List<Ref> layers = new ArrayList<>();
    final Cost cost;

    /** A copy of a layered network's parameters. */
    ReferenceLayers(LayeredNetwork net) {
        cost = LogLikelihoodCost.INSTANCE;
        for (Layer layer : net.layers()) {
            if (layer instanceof ConvPoolLayer conv) {
                layers.add(new Conv(conv));
            } else {
                DenseLayer d = (DenseLayer) layer;
                Activation f = d instanceof FullyConnectedLayer fc ? fc.activation() : null;
                layers.add(new Dense(flat(d.weights()), toDouble(d.biases()), f, d.pDropout()));
            }
        }
    }

    /** A copy of a network2 network's parameters: its weights [out][in] transposed to network3's [in][out]. */
    ReferenceLayers(Network net) {
        cost = net.cost();
        float[][][] w = net.weights();
        float[][] b = net.biases();
        for (int l = 0; l < w.length; l++) {
            int nOut = w[l].length, nIn = w[l][0].length;
            double[] t = new double[nIn * nOut];
            for (int o = 0; o < nOut; o++) {
                for (int i = 0; i < nIn; i++) {
                    t[i * nOut + o] = w[l][o][i];
                }
            }
            layers.add(new Dense(t, toDouble(b[l]), l + 1 < w.length ? net.activation() : Activation.SIGMOID, 0));
        }
    }

    private static double[] flat(float[][] rows) {
        double[] values = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int o = 0; o < rows[i].length; o++) {
                values[i * rows[i].length + o] = rows[i][o];
            }
        }
        return values;
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
            Ref d = layers.get(l);
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
            double[] z = d.z(in, scale);
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

    /** ∂C/∂w[l][k] (flat, network3.py's order) and ∂C/∂b[l][o] for one sample, by the chain rule through every layer. */
    record Grad(double[][] w, double[][] b) {
    }

    Grad backprop(double[] x, double[] y, Masks masks) {
        Trace t = trace(x, masks);
        int n = layers.size();
        double[][] gw = new double[n][];
        double[][] gb = new double[n][];
        double[] aL = t.as[n - 1];
        double[] delta = new double[aL.length];
        Ref out = layers.get(n - 1);
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
            Ref d = layers.get(l);
            gw[l] = new double[d.w.length];
            gb[l] = d instanceof Conv conv ? conv.biasGradient(delta) : delta.clone();
            double[] gin = d.backward(t.inputs[l], delta, gw[l]);
            if (l > 0) {
                Ref before = layers.get(l - 1);
                double[] previous = new double[d.nIn()];
                for (int i = 0; i < d.nIn(); i++) {
                    boolean dropped = d.p > 0 && masks != null && !masks.keeps(l, d.nIn(), i, d.p);
                    previous[i] = dropped ? 0 : gin[i] * fPrime(before.activation, t.zs[l - 1][i]);
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
                    Ref d = layers.get(l);
                    for (int o = 0; o < d.b.length; o++) {
                        double sb = 0;
                        for (Grad g : grads) {
                            sb += g.b[l][o];
                        }
                        d.b[o] -= eta * sb / miniBatchSize;
                    }
                    for (int k = 0; k < d.w.length; k++) {
                        double sw = 0;
                        for (Grad g : grads) {
                            sw += g.w[l][k];
                        }
                        d.w[k] = (1 - eta * lambda / batches) * d.w[k] - eta * sw / miniBatchSize;
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
