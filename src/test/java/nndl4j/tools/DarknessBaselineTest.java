package nndl4j.tools;

import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.data.Idx;
import nndl4j.data.IdxImages;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DarknessBaselineTest {

    @Test
    void handMadeDarknesses() {
        // digit 0: darkness 1 and 3 (average 2); digit 1: 10; digit 2: none
        Dataset training = Dataset.ofLabels(new float[] {1, 0, 3, 0, 5, 5}, 2, new int[] {0, 0, 1}, 10);
        DarknessBaseline b = DarknessBaseline.train(training);
        assertEquals(2.0, b.averages()[0]);
        assertEquals(10.0, b.averages()[1]);
        assertTrue(Double.isNaN(b.averages()[2]));
        Dataset test = Dataset.ofLabels(new float[] {2, 3, 3.5f, 3.5f, 0, 0, 3, 3, 100, 0}, 2, new int[] {0, 1, 1, 0, 0}, 10);
        assertEquals(0, b.guess(test, 0)); // 5: nearer 2 than 10
        assertEquals(1, b.guess(test, 1)); // 7: nearer 10
        assertEquals(0, b.guess(test, 2)); // 0
        assertEquals(0, b.guess(test, 3)); // 6: a tie goes to the smaller digit
        assertEquals(1, b.guess(test, 4)); // 100
        assertEquals(3, b.correct(test));
    }

    /** The book's recipe recomputed from the raw bytes of the files, in integers where it can be. */
    @Test
    void agreesWithAStraightforwardComputationOnRealDigits() {
        String t10k = RealDigits.t10k();
        IdxImages images = Idx.readImages(Path.of(t10k));
        int[] labels = Idx.readLabels(Path.of(t10k.replace("images-idx3", "labels-idx1")));
        long[] darkness = new long[images.count()];
        for (int i = 0; i < images.count(); i++) {
            for (int p = 0; p < images.imageSize(); p++) {
                darkness[i] += images.pixel(i, p);
            }
        }
        long[] sums = new long[10];
        int[] counts = new int[10];
        for (int i = 0; i < 8000; i++) {
            sums[labels[i]] += darkness[i];
            counts[labels[i]]++;
        }
        double[] averages = new double[10];
        for (int d = 0; d < 10; d++) {
            averages[d] = (double) sums[d] / counts[d];
        }

        DarknessBaseline baseline = DarknessBaseline.train(DataSpec.load(t10k + "[:8000]"));
        Dataset test = DataSpec.load(t10k + "[8000:]");
        for (int d = 0; d < 10; d++) {
            assertEquals(averages[d] / 255, baseline.averages()[d], 1e-6 * averages[d] / 255, "average darkness of " + d);
        }
        int correct = 0;
        for (int i = 8000; i < 10_000; i++) {
            int best = 0;
            for (int d = 1; d < 10; d++) {
                if (Math.abs(averages[d] - darkness[i]) < Math.abs(averages[best] - darkness[i])) {
                    best = d;
                }
            }
            assertEquals(best, baseline.guess(test, i - 8000), "guess for image " + i);
            correct += best == labels[i] ? 1 : 0;
        }
        assertEquals(correct, baseline.correct(test));
        assertTrue(correct > 300 && correct < 600, "about the book's 22%: " + correct);
    }
}
