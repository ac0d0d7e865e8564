package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.Convolution;
import nndl4j.Backends;
import nndl4j.data.Dataset;
import nndl4j.network.ConvPoolLayer;
import nndl4j.network.CrossEntropyCost;
import nndl4j.network.EpochReport;
import nndl4j.network.FilterShape;
import nndl4j.network.Layer;
import nndl4j.network.LayeredNetwork;
import nndl4j.network.MemoryEstimate;
import nndl4j.network.Network;
import nndl4j.network.SgdOptions;
import nndl4j.network.Shape;
import nndl4j.network.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code nndl4j benchmark}: training throughput on random data, one line per backend × batch size × network
 * ({@code --sizes} for network2, {@code --layers} for network3's layers, conv layers included).
 * Each run trains warm-up epochs, then timed epochs, and reports the median epoch; data upload and
 * evaluation are outside the timed part.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure training throughput (samples/s and GFLOP/s) on random data.",
                "FLOPs per sample = 6·Σ n_in·n_out (forward, backward and weight-gradient GEMMs); a conv layer "
                        + "counts its GEMM's n_in·n_out as (channels·filter height·filter width)·filters·output positions."})
final class BenchmarkCommand implements Runnable {
    /** The input of the layered networks measured: an MNIST image. */
    private static final Shape LAYERED_INPUT = LayerSpec.inputShape(28 * 28);

    @Option(names = "--backend", paramLabel = "NAME", split = ",", defaultValue = "auto",
            description = "Backends to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--sizes", paramLabel = "SIZES",
            description = "network2 layer sizes; repeat the option for several networks (default: 784,30,10 unless --layers is given).")
    List<String> sizes;

    @Option(names = "--layers", paramLabel = "SPEC",
            description = {"A layered network as train --layers takes it, on 1x28x28 inputs; repeatable. E.g.",
                    "fc:100:relu,softmax:10", "conv:20:5x5:relu,fc:100:relu,softmax:10"})
    List<String> layers;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10",
            description = "Mini-batch size; repeat for several (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20000", description = "Samples per epoch (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "Timed epochs; the median is reported (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed epochs first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    EngineOptions steps;

    @Override
    public void run() {
        steps.apply();
        if (samples < 1 || epochs < 1 || warmup < 0) {
            throw new BadInputException("--samples and --epochs must be at least 1 and --warmup at least 0",
                    "see 'nndl4j benchmark --help'");
        }
        if (batchSizes.stream().anyMatch(batch -> batch < 1)) {
            throw new BadInputException("invalid batch size in " + batchSizes + ": each must be at least 1");
        }
        List<String> sizeLists = sizes != null ? sizes : layers != null ? List.of() : List.of("784,30,10");
        sizeLists.forEach(Cli::parseSizes); // every network checked before a backend starts
        for (String spec : layers != null ? layers : List.<String>of()) {
            LayerSpec.layers(spec, LAYERED_INPUT);
        }
        for (String backendName : backends) {
            try (Backend backend = Backends.open(backendName, System.err::println)) {
                for (String sizeList : sizeLists) {
                    int[] layerSizes = Cli.parseSizes(sizeList);
                    for (int batch : batchSizes) {
                        checkMemory(MemoryEstimate.network2Layers(layerSizes), "[" + sizeList + "]", batch, backend);
                        System.out.println(measure(backend, "sizes=" + Cli.joinSizes(layerSizes), layerSizes[0],
                                layerSizes[layerSizes.length - 1], flopsPerSample(layerSizes), batch, (data, options) ->
                                        new Network(layerSizes, CrossEntropyCost.INSTANCE, 1).useBackend(backend)
                                        .sgd(data, warmup + epochs, batch, 0.1, options)));
                    }
                }
                for (String spec : layers != null ? layers : List.<String>of()) {
                    List<Layer> parsed = LayerSpec.layers(spec, LAYERED_INPUT);
                    int classes = parsed.get(parsed.size() - 1).outputSize();
                    for (int batch : batchSizes) {
                        checkMemory(parsed, spec, batch, backend);
                        System.out.println(measure(backend, "layers=" + spec, LAYERED_INPUT.size(), classes,
                                flopsPerSample(parsed), batch, (data, options) ->
                                        new LayeredNetwork(LAYERED_INPUT, LayerSpec.layers(spec, LAYERED_INPUT), 1)
                                        .useBackend(backend).sgd(data, warmup + epochs, batch, 0.1, null, null, options)));
                    }
                }
            }
        }
    }

    /** Stops a run that cannot fit before its data and network are made. */
    private void checkMemory(List<Layer> networkLayers, String network, int batch, Backend backend) {
        MemoryEstimate needs = MemoryEstimate.ofTraining(networkLayers, batch, samples);
        String what = network + " with mini-batches of " + batch + " on " + samples + " samples";
        MemoryCheck.beforeAllocating(needs, what, backend.name());
        MemoryCheck.onDevice(needs, what, backend);
    }

    /** Trains a new network on the data for warmup + timed epochs with these options. */
    private interface Training {
        void run(Dataset data, SgdOptions options);
    }

    private String measure(Backend backend, String network, int inputs, int classes, double flopsPerSample, int batch,
                           Training training) {
        Dataset data = randomData(inputs, classes, samples);
        List<Double> seconds = new ArrayList<>();
        String[] stepsRan = {""};
        training.run(data, SgdOptions.defaults().graphs(steps.graphs()).listener(new TrainingListener() {
            @Override
            public void epochFinished(EpochReport report) {
                if (report.epoch() >= warmup) {
                    seconds.add(report.seconds());
                }
                stepsRan[0] = report.steps();
            }
        }));
        double[] rates = seconds.stream().mapToDouble(s -> samples / s).sorted().toArray();
        double median = rates.length % 2 == 1 ? rates[rates.length / 2]
                : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
        return String.format("backend=%s %s batch=%d samples/s=%.0f gflops=%.1f range=%.0f..%.0f epochs=%d samples=%d steps=%s",
                backend.name(), network, batch, median, median * flopsPerSample / 1e9,
                rates[0], rates[rates.length - 1], rates.length, samples, stepsRan[0]);
    }

    /** 2·n_in·n_out each for the forward GEMM, the backward GEMM and the weight-gradient GEMM. */
    static double flopsPerSample(int[] sizes) {
        double macs = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            macs += (double) sizes[l] * sizes[l + 1];
        }
        return 6 * macs;
    }

    /** As for network2, with a conv layer's n_in·n_out that of its GEMM: patch size · filters · output positions. */
    static double flopsPerSample(List<Layer> layers) {
        double macs = 0;
        for (Layer layer : layers) {
            if (layer instanceof ConvPoolLayer conv) {
                FilterShape f = conv.filterShape();
                Shape image = conv.imageShape();
                Convolution gemm = new Convolution(image.channels(), image.height(), image.width(), f.height(), f.width());
                macs += (double) gemm.patchSize() * f.filters() * gemm.positions();
            } else {
                macs += (double) layer.inputSize() * layer.outputSize();
            }
        }
        return 6 * macs;
    }

    private static Dataset randomData(int in, int out, int count) {
        Random r = new Random(7);
        float[] x = new float[in * count];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        int[] labels = new int[count];
        Arrays.setAll(labels, i -> r.nextInt(out));
        return Dataset.ofLabels(x, in, labels, out);
    }
}
