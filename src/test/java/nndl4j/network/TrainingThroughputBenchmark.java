package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.Backends;
import nndl4j.data.Dataset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * JMH: training throughput in samples/s of the engine's step (gather, forward, backprop, fused update) on
 * data already on the backend, for each backend × network. Run (see docs/BENCHMARKS.md):
 * {@code mvn test-compile exec:exec@jmh -Djmh.args="TrainingThroughput -p backend=cpu,cuda"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingThroughputBenchmark {
    /** Samples per benchmark operation: a whole number of mini-batches for every batch size below. */
    private static final int SAMPLES = 1280;

    @Param({"cpu"})
    public String backend;

    /** Layer sizes joined by "-" (JMH splits parameters at commas), then "/" and the mini-batch size. */
    @Param({"784-30-10/10", "784-100-10/10", "784-1000-1000-10/128", "784-100-100-100-100-100-10/10"})
    public String network;

    private Backend opened;
    private Engine engine;
    private DeviceDataset data;
    private int batch;

    @Setup
    public void setUp() {
        String[] parts = network.split("/");
        int[] sizes = Arrays.stream(parts[0].split("-")).mapToInt(Integer::parseInt).toArray();
        batch = Integer.parseInt(parts[1]);
        opened = Backends.open(backend, System.err::println);
        Network net = new Network(sizes, CrossEntropyCost.INSTANCE, 1).useBackend(opened);
        float[] x = new float[sizes[0] * SAMPLES];
        java.util.Random r = new java.util.Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        int[] labels = new int[SAMPLES];
        Arrays.setAll(labels, i -> r.nextInt(sizes[sizes.length - 1]));
        data = new DeviceDataset(opened, Dataset.ofLabels(x, sizes[0], labels, sizes[sizes.length - 1]));
        engine = net.stack().engine(batch);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void trainSamples() {
        engine.moveTo(0, 0);
        for (int offset = 0; offset < SAMPLES; offset += batch) {
            engine.trainStep(data, data.inOrder, batch, 0, ParameterStep.sgd(1f, 0.01f / batch), true);
        }
        opened.synchronize();
    }

    @TearDown
    public void tearDown() {
        engine.close();
        data.close();
        opened.close();
    }
}
