package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import nndl4j.network.FullyConnectedLayer;
import nndl4j.network.Layer;
import nndl4j.network.SoftmaxLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerSpecTest {

    @Test
    void chainsSizesAndReadsActivationAndDropout() {
        List<Layer> layers = LayerSpec.layers("fc:100:relu:dropout=0.5,fc:30,softmax:10:dropout=0.25", LayerSpec.inputShape(784));
        FullyConnectedLayer first = assertInstanceOf(FullyConnectedLayer.class, layers.get(0));
        assertEquals(784, first.inputSize());
        assertEquals(100, first.outputSize());
        assertEquals(Activation.RELU, first.activation());
        assertEquals(0.5, first.pDropout());
        FullyConnectedLayer second = assertInstanceOf(FullyConnectedLayer.class, layers.get(1));
        assertEquals(100, second.inputSize());
        assertEquals(Activation.SIGMOID, second.activation());
        assertEquals(0, second.pDropout());
        SoftmaxLayer last = assertInstanceOf(SoftmaxLayer.class, layers.get(2));
        assertEquals(30, last.inputSize());
        assertEquals(10, last.outputSize());
        assertEquals(0.25, last.pDropout());
    }

    @Test
    void aSoftmaxLayerAloneIsLogisticRegression() {
        assertEquals(1, LayerSpec.layers("softmax:10", LayerSpec.inputShape(784)).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "conv:20,softmax:10 | unknown layer type 'conv'",
            "fc,softmax:10 | needs a size",
            "fc:,softmax:10 | needs a size",
            "fc:0,softmax:10 | invalid size '0'",
            "fc:ten,softmax:10 | invalid size 'ten'",
            "fc:30:swish,softmax:10 | unknown activation 'swish'",
            "fc:30:dropout=1,softmax:10 | invalid dropout '1'",
            "fc:30:dropout=-0.1,softmax:10 | invalid dropout '-0.1'",
            "fc:30:dropout=abc,softmax:10 | invalid dropout 'abc'",
            "softmax:10:relu | unexpected 'relu'",
            "fc:30:relu:tanh,softmax:10 | unexpected 'tanh'",
            "fc:30 | must be softmax:N",
            "softmax:30,softmax:10 | softmax can only be the last layer",
            "fc:30,,softmax:10 | unknown layer type ''",
    })
    void rejectsWithOneMessageAndTheExample(String spec, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> LayerSpec.layers(spec, LayerSpec.inputShape(784)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(LayerSpec.EXAMPLE, e.hint());
    }
}
