import nndl4j.backend.Activation;
import nndl4j.data.Dataset;
import nndl4j.data.LabeledImages;
import nndl4j.network.ConvPoolLayer;
import nndl4j.network.FilterShape;
import nndl4j.network.FullyConnectedLayer;
import nndl4j.network.LayeredNetwork;
import nndl4j.network.LayeredTrainingResult;
import nndl4j.network.PoolSize;
import nndl4j.network.Shape;
import nndl4j.network.SoftmaxLayer;

import java.nio.file.Path;
import java.util.List;

/** The book's dbl_conv_relu: two convolutional layers, ReLU, λ = 0.1. Argument: epochs (default 60). */
public class ConvNetwork {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path mnist = Path.of(System.getenv().getOrDefault("NNDL4J_MNIST", "../shared/data/mnist"));
        LabeledImages t10k = LabeledImages.read(mnist.resolve("t10k-images-idx3-ubyte.gz"));
        Dataset training = t10k.toDataset(0, 8000), validation = t10k.toDataset(8000, 9000), test = t10k.toDataset(9000, 10000);

        ConvPoolLayer first = new ConvPoolLayer(new FilterShape(20, 1, 5, 5), new Shape(1, 28, 28), new PoolSize(2, 2), Activation.RELU);
        ConvPoolLayer second = new ConvPoolLayer(new FilterShape(40, 20, 5, 5), first.outputShape(), new PoolSize(2, 2), Activation.RELU);
        LayeredNetwork conv = new LayeredNetwork(List.of(first, second,
                new FullyConnectedLayer(second.outputSize(), 100, Activation.RELU, 0.0), new SoftmaxLayer(100, 10)), 1);
        LayeredTrainingResult r = conv.sgd(training, epochs, 10, 0.03, validation, test, 0.1);
        float[][][][] w = first.weights();                // network3.py's w[filter][channel][row][column]
        System.out.println("best validation accuracy " + r.bestValidationAccuracy() + ", its test accuracy " + r.testAccuracy()
                + "; first filter's top-left weight " + w[0][0][0][0]);
    }
}
