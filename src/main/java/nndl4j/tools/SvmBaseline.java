package nndl4j.tools;

import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;
import nndl4j.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The book's {@code mnist_svm.py}: a support vector machine with an RBF kernel and scikit-learn's defaults of the
 * time (C = 1, γ = 1/number of inputs, tolerance 0.001, shrinking, one-vs-one for the ten digits), trained by
 * LIBSVM's Java release, the library scikit-learn's SVC wraps.
 */
public final class SvmBaseline {
    /** The penalty C: scikit-learn's default. */
    public static final double C = 1.0;

    /** Hears about training: LIBSVM solves one binary problem per pair of digits. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} pairs of classes are solved. */
        void pairsSolved(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    private final svm_model model;

    private SvmBaseline(svm_model model) {
        this.model = model;
    }

    /** γ for inputs of {@code n} values: scikit-learn's former default "auto", 1/n. */
    public static double gamma(int n) {
        return 1.0 / n;
    }

    /** Trains on all of {@code training}; LIBSVM's own console output goes to {@code progress} instead of stdout. */
    public static SvmBaseline train(Dataset training, Progress progress) {
        svm_problem problem = new svm_problem();
        problem.l = training.size();
        problem.x = new svm_node[training.size()][];
        problem.y = new double[training.size()];
        for (int j = 0; j < training.size(); j++) {
            problem.x[j] = nodes(training, j);
            problem.y[j] = training.label(j);
        }
        svm_parameter param = new svm_parameter();
        param.svm_type = svm_parameter.C_SVC;
        param.kernel_type = svm_parameter.RBF;
        param.gamma = gamma(training.inputSize());
        param.C = C;
        param.eps = 1e-3;
        param.cache_size = 200;
        param.shrinking = 1;
        param.probability = 0;
        param.nr_weight = 0;
        param.weight_label = new int[0];
        param.weight = new double[0];
        String problemWithIt = svm.svm_check_parameter(problem, param);
        if (problemWithIt != null) {
            throw new IllegalStateException("LIBSVM rejects the parameters: " + problemWithIt);
        }
        int classes = (int) IntStream.range(0, training.size()).map(training::label).distinct().count();
        int pairs = classes * (classes - 1) / 2;
        synchronized (SvmBaseline.class) { // LIBSVM's print function is global
            int[] solved = {0};
            progress.pairsSolved(0, pairs);
            svm.svm_set_print_string_function(text -> {
                if (text.contains("optimization finished")) {
                    progress.pairsSolved(++solved[0], pairs);
                }
            });
            try {
                return new SvmBaseline(svm.svm_train(problem, param));
            } finally {
                svm.svm_set_print_string_function(null);
            }
        }
    }

    /** The digit the machine assigns to sample {@code j} of {@code data}. */
    public int predict(Dataset data, int j) {
        return (int) svm.svm_predict(model, nodes(data, j));
    }

    /** The digits the machine assigns to all of {@code data}, predicted in parallel. */
    public int[] predictAll(Dataset data) {
        return IntStream.range(0, data.size()).parallel().map(j -> predict(data, j)).toArray();
    }

    /** How many samples of {@code test} are classified right. */
    public int correct(Dataset test) {
        int[] predicted = predictAll(test);
        int correct = 0;
        for (int j = 0; j < predicted.length; j++) {
            if (predicted[j] == test.label(j)) {
                correct++;
            }
        }
        return correct;
    }

    /** Number of support vectors. */
    public int supportVectors() {
        return svm.svm_get_nr_sv(model);
    }

    /** Sample j as LIBSVM's sparse vector: its non-zero inputs, indices from 1. */
    private static svm_node[] nodes(Dataset data, int j) {
        float[] inputs = data.inputs();
        int n = data.inputSize();
        List<svm_node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float v = inputs[j * n + i];
            if (v != 0f) {
                svm_node node = new svm_node();
                node.index = i + 1;
                node.value = v;
                nodes.add(node);
            }
        }
        return nodes.toArray(new svm_node[0]);
    }
}
