package nndl4j.tools;

import nndl4j.data.Dataset;
import nndl4j.network.Network;

import java.util.ArrayList;
import java.util.List;

/** The test images a network gets wrong: its output's largest entry is not the label (the book's accuracy test). */
public final class Misclassified {
    private Misclassified() {
    }

    /** Sample {@code index} of the data is digit {@code label}; the network says {@code predicted}. */
    public record Miss(int index, int predicted, int label) {
    }

    /** Every sample of {@code data} that {@code net} classifies wrong, in data order. */
    public static List<Miss> find(Network net, Dataset data) {
        List<Miss> misses = new ArrayList<>();
        for (int j = 0; j < data.size(); j++) {
            int predicted = argmax(net.feedforward(data.input(j)));
            int label = data.label(j);
            if (predicted != label) {
                misses.add(new Miss(j, predicted, label));
            }
        }
        return misses;
    }

    /** Index of the largest entry, the first on ties (as numpy's argmax). */
    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
