package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.Backends;
import nndl4j.data.Dataset;
import nndl4j.network.CrossEntropyCost;
import nndl4j.network.EpochReport;
import nndl4j.network.Network;
import nndl4j.network.SgdOptions;
import nndl4j.network.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code nndl4j benchmark}: training throughput on random data, one line per backend × sizes × batch size.
 * Each run trains warm-up epochs, then timed epochs, and reports the median epoch; data upload and
 * evaluation are outside the timed part.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure training throughput (samples/s and GFLOP/s) on random data.",
                "FLOPs per sample = 6·Σ n_in·n_out (forward, backward and weight-gradient GEMMs)."})
final class BenchmarkCommand implements Runnable {

    @Option(names = "--backend", split = ",", defaultValue = "auto",
            description = "Backends to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--sizes", defaultValue = "784,30,10",
            description = "Layer sizes; repeat the option for several networks (default: ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--batch-size", defaultValue = "10",
            description = "Mini-batch size; repeat for several (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--samples", defaultValue = "20000", description = "Samples per epoch (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--epochs", defaultValue = "5", description = "Timed epochs; the median is reported (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed epochs first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public void run() {
        if (samples < 1 || epochs < 1 || warmup < 0) {
            throw new BadInputException("--samples and --epochs must be at least 1 and --warmup at least 0",
                    "see 'nndl4j benchmark --help'");
        }
        for (String backendName : backends) {
            try (Backend backend = Backends.open(backendName, System.err::println)) {
                for (String sizeList : sizes) {
                    int[] layerSizes = Cli.parseSizes(sizeList);
                    for (int batch : batchSizes) {
                        if (batch < 1) {
                            throw new BadInputException("invalid batch size " + batch + ": must be at least 1");
                        }
                        System.out.println(measure(backend, layerSizes, batch));
                    }
                }
            }
        }
    }

    private String measure(Backend backend, int[] layerSizes, int batch) {
        Dataset data = randomData(layerSizes, samples);
        Network net = new Network(layerSizes, CrossEntropyCost.INSTANCE, 1).useBackend(backend);
        List<Double> seconds = new ArrayList<>();
        net.sgd(data, warmup + epochs, batch, 0.1, SgdOptions.defaults().listener(new TrainingListener() {
            @Override
            public void epochFinished(EpochReport report) {
                if (report.epoch() >= warmup) {
                    seconds.add(report.seconds());
                }
            }
        }));
        double[] rates = seconds.stream().mapToDouble(s -> samples / s).sorted().toArray();
        double median = rates.length % 2 == 1 ? rates[rates.length / 2]
                : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
        return String.format("backend=%s sizes=%s batch=%d samples/s=%.0f gflops=%.1f range=%.0f..%.0f epochs=%d samples=%d",
                backend.name(), Cli.joinSizes(layerSizes), batch, median, median * flopsPerSample(layerSizes) / 1e9,
                rates[0], rates[rates.length - 1], rates.length, samples);
    }

    /** 2·n_in·n_out each for the forward GEMM, the backward GEMM and the weight-gradient GEMM. */
    static double flopsPerSample(int[] sizes) {
        double macs = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            macs += (double) sizes[l] * sizes[l + 1];
        }
        return 6 * macs;
    }

    private static Dataset randomData(int[] sizes, int count) {
        Random r = new Random(7);
        int in = sizes[0], out = sizes[sizes.length - 1];
        float[] x = new float[in * count];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        int[] labels = new int[count];
        Arrays.setAll(labels, i -> r.nextInt(out));
        return Dataset.ofLabels(x, in, labels, out);
    }
}
