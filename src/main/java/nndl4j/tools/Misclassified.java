package nndl4j.tools;

import nndl4j.data.Dataset;
import nndl4j.network.Model;

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
    public static List<Miss> find(Model net, Dataset data) {
        int[] predicted = net.predictions(data);
        List<Miss> misses = new ArrayList<>();
        for (int j = 0; j < data.size(); j++) {
            int label = data.label(j);
            if (predicted[j] != label) {
                misses.add(new Miss(j, predicted[j], label));
            }
        }
        return misses;
    }
}
