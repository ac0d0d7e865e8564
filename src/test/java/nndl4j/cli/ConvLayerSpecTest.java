package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import nndl4j.network.ConvPoolLayer;
import nndl4j.network.FilterShape;
import nndl4j.network.FullyConnectedLayer;
import nndl4j.network.Layer;
import nndl4j.network.LayeredNetwork;
import nndl4j.network.PoolSize;
import nndl4j.network.Shape;
import nndl4j.network.SoftmaxLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conv layers of {@code --layers}: shapes chained from the input image, defaults, every error, FLOPs in benchmark. */
class ConvLayerSpecTest {
    private static final Shape MNIST = new Shape(1, 28, 28);

    @Test
    void mnistInputsAreOneChannelImagesAndOtherSizesFlat() {
        assertEquals(MNIST, LayerSpec.inputShape(784));
        assertEquals(Shape.flat(100), LayerSpec.inputShape(100));
    }

    /** network3.py's dbl_conv: (20, 1, 5, 5) over 1×28×28, (40, 20, 5, 5) over 20×12×12, then n_in = 40·4·4. */
    @Test
    void eachConvLayerConvolvesWhatTheOneBeforeGives() {
        List<Layer> layers = LayerSpec.layers("conv:20:5x5:pool=2x2:relu,conv:40:5x5,fc:100:relu,softmax:10", MNIST);
        ConvPoolLayer first = assertInstanceOf(ConvPoolLayer.class, layers.get(0));
        assertEquals(new FilterShape(20, 1, 5, 5), first.filterShape());
        assertEquals(MNIST, first.imageShape());
        assertEquals(new PoolSize(2, 2), first.poolSize());
        assertEquals(Activation.RELU, first.activation());
        assertEquals(new Shape(20, 12, 12), first.outputShape());
        ConvPoolLayer second = assertInstanceOf(ConvPoolLayer.class, layers.get(1));
        assertEquals(new FilterShape(40, 20, 5, 5), second.filterShape());
        assertEquals(new Shape(20, 12, 12), second.imageShape());
        assertEquals(new PoolSize(2, 2), second.poolSize(), "the default pool");
        assertEquals(Activation.SIGMOID, second.activation(), "the default activation");
        assertEquals(new Shape(40, 4, 4), second.outputShape());
        FullyConnectedLayer fc = assertInstanceOf(FullyConnectedLayer.class, layers.get(2));
        assertEquals(40 * 4 * 4, fc.inputSize());
        assertEquals(100, assertInstanceOf(SoftmaxLayer.class, layers.get(3)).inputSize());
    }

    @Test
    void optionsInEitherOrderAndRectangles() {
        ConvPoolLayer conv = assertInstanceOf(ConvPoolLayer.class,
                LayerSpec.layers("conv:6:3x5:tanh:pool=1x3,softmax:10", MNIST).get(0));
        assertEquals(new FilterShape(6, 1, 3, 5), conv.filterShape());
        assertEquals(new PoolSize(1, 3), conv.poolSize());
        assertEquals(Activation.TANH, conv.activation());
        assertEquals(new Shape(6, 26, 8), conv.outputShape()); // 26×24 maps, 24 / 3 = 8 columns
    }

    /** Each preset's layers, built and described again, are the same text: the spec is canonical. */
    @ParameterizedTest
    @EnumSource(Preset.class)
    void presetLayersDescribeThemselves(Preset preset) {
        assertEquals(preset.layers, new LayeredNetwork(MNIST, LayerSpec.layers(preset.layers, MNIST), 1).describe());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "conv,softmax:10 | needs a number of filters and a filter size",
            "conv:20,softmax:10 | needs a number of filters and a filter size",
            "conv::5x5,softmax:10 | needs a number of filters and a filter size",
            "conv:0:5x5,softmax:10 | invalid size '0'",
            "conv:many:5x5,softmax:10 | invalid size 'many'",
            "conv:20:5,softmax:10 | invalid filter size '5'",
            "conv:20:5x,softmax:10 | invalid filter size '5x'",
            "conv:20:0x5,softmax:10 | invalid filter size '0x5'",
            "conv:20:5x5x5,softmax:10 | invalid filter size '5x5x5'",
            "conv:20:5*5,softmax:10 | invalid filter size '5*5'",
            "conv:20:5x5:pool=2,softmax:10 | invalid pool size '2'",
            "conv:20:5x5:pool=,softmax:10 | invalid pool size ''",
            "conv:20:5x5:pool=2x-1,softmax:10 | invalid pool size '2x-1'",
            "conv:20:29x29,softmax:10 | a 29×29 filter does not fit in a 28×28 image (the input)",
            "conv:20:5x30,softmax:10 | a 5×30 filter does not fit in a 28×28 image",
            "conv:20:5x5:pool=25x25,softmax:10 | a 25×25 pool does not fit in the 24×24 maps",
            "conv:20:5x5,conv:40:13x13,softmax:10 | layer 2 'conv:40:13x13' in --layers: a 13×13 filter does not fit in a 12×12 image (the maps of layer 1)",
            "conv:20:5x5,conv:40:5x5:pool=9x9,softmax:10 | a 9×9 pool does not fit in the 8×8 maps",
            "fc:100,conv:20:5x5,softmax:10 | follows a fully connected layer",
            "conv:20:5x5:swish,softmax:10 | unknown option 'swish'",
            "conv:20:5x5:stride=2,softmax:10 | unknown option 'stride=2'",
            "conv:20:5x5:,softmax:10 | unknown option ''",
            "conv:20:5x5:dropout=0.5,softmax:10 | a conv layer has no dropout",
            "conv:20:5x5:relu:tanh,softmax:10 | unexpected second 'tanh'",
            "conv:20:5x5:pool=2x2:pool=3x3,softmax:10 | unexpected second 'pool=3x3'",
            "conv:20:5x5 | must be softmax:N",
            "softmax:10,conv:20:5x5 | softmax can only be the last layer",
    })
    void rejectsWithOneMessageAndTheExample(String spec, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> LayerSpec.layers(spec, MNIST));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(LayerSpec.EXAMPLE, e.hint());
    }

    @Test
    void aConvLayerNeedsAnImage() {
        BadInputException e = assertThrows(BadInputException.class, () -> LayerSpec.layers("conv:2:3x3,softmax:10", Shape.flat(100)));
        assertTrue(e.getMessage().contains("a 3×3 filter does not fit in a 1×100 image"), e.getMessage());
    }

    /** A conv layer counts its GEMM, (channels·fh·fw) × filters × positions, as an fc layer counts n_in × n_out. */
    @Test
    void benchmarkFlopsCountTheConvolutionGemm() {
        List<Layer> layers = LayerSpec.layers("conv:20:5x5,fc:100,softmax:10", MNIST);
        double macs = 25.0 * 20 * 24 * 24 + 20 * 12 * 12 * 100 + 100 * 10;
        assertEquals(6 * macs, BenchmarkCommand.flopsPerSample(layers));
        assertEquals(BenchmarkCommand.flopsPerSample(new int[] {784, 30, 10}),
                BenchmarkCommand.flopsPerSample(LayerSpec.layers("fc:30,softmax:10", MNIST)));
    }

    @Test
    void benchmarkMeasuresConvNetworks() {
        CliRun run = CliRun.of("benchmark", "--backend", "cpu", "--layers", "conv:2:5x5:relu,softmax:10", "--batch-size", "4",
                "--samples", "40", "--epochs", "1", "--warmup", "0").assertOk();
        assertTrue(run.out().strip().matches(
                "backend=cpu layers=conv:2:5x5:relu,softmax:10 batch=4 samples/s=\\d+ gflops=\\d+\\.\\d .*"), run.out());
        CliRun.of("benchmark", "--backend", "cpu", "--layers", "fc:10,conv:2:5x5,softmax:10", "--samples", "40")
                .assertBadInput("follows a fully connected layer");
    }
}
