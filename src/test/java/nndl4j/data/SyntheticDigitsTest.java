package nndl4j.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDigitsTest {
    @Test
    void sameSeedSameDigitsOtherSeedOtherDigits() {
        Dataset a = SyntheticDigits.generate(50, 11);
        assertArrayEquals(a.inputs(), SyntheticDigits.generate(50, 11).inputs());
        assertArrayEquals(a.targets(), SyntheticDigits.generate(50, 11).targets());
        assertFalse(Arrays.equals(a.inputs(), SyntheticDigits.generate(50, 12).inputs()));
    }

    @Test
    void digitsAreInkOnBlankPaperWithOneHotLabels() {
        Dataset data = SyntheticDigits.generate(500, 3);
        assertEquals(784, data.inputSize());
        assertEquals(10, data.outputSize());
        int[] perClass = new int[10];
        for (int j = 0; j < data.size(); j++) {
            perClass[data.label(j)]++;
            float[] x = data.input(j);
            int ink = 0;
            int blank = 0;
            for (float v : x) {
                assertTrue(v >= 0f && v <= 1f, "pixel in [0,1]: " + v);
                ink += v > 0.5f ? 1 : 0;
                blank += v == 0f ? 1 : 0;
            }
            assertTrue(ink >= 20 && ink <= 300, "a stroke's worth of ink: " + ink);
            assertTrue(blank >= 400, "mostly blank background: " + blank);
        }
        for (int count : perClass) {
            assertTrue(count >= 25, "every digit appears: " + Arrays.toString(perClass));
        }
    }

    @Test
    void classesAreDistinctButNotIdentical() {
        Dataset training = SyntheticDigits.generate(2000, 1);
        Dataset test = SyntheticDigits.generate(1000, 2);
        int inputs = training.inputSize();
        double[][] means = new double[10][inputs];
        int[] counts = new int[10];
        for (int j = 0; j < training.size(); j++) {
            int label = training.label(j);
            counts[label]++;
            float[] x = training.input(j);
            for (int i = 0; i < inputs; i++) {
                means[label][i] += x[i];
            }
        }
        for (int c = 0; c < 10; c++) {
            for (int i = 0; i < inputs; i++) {
                means[c][i] /= counts[c];
            }
        }
        int correct = 0;
        for (int j = 0; j < test.size(); j++) {
            float[] x = test.input(j);
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (distance(x, means[c]) < distance(x, means[best])) {
                    best = c;
                }
            }
            correct += best == test.label(j) ? 1 : 0;
        }
        // Chance is 10%; the nearest class mean gets about 82% on real MNIST.
        assertTrue(correct >= 600, "nearest-class-mean accuracy " + correct + "/1000");
        assertTrue(correct < 990, "digits should vary within a class: " + correct + "/1000");

        Set<Integer> distinct = new HashSet<>();
        for (int j = 0; j < training.size(); j++) {
            distinct.add(Arrays.hashCode(training.input(j)));
        }
        assertEquals(training.size(), distinct.size(), "no two digits alike");
    }

    private static double distance(float[] x, double[] mean) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[i];
            sum += d * d;
        }
        return sum;
    }
}
