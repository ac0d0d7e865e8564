import nndl4j.backend.Activation;
import nndl4j.data.Dataset;
import nndl4j.data.LabeledImages;
import nndl4j.network.FullyConnectedLayer;
import nndl4j.network.LayeredNetwork;
import nndl4j.network.LayeredTrainingResult;
import nndl4j.network.Model;
import nndl4j.network.Shape;
import nndl4j.network.SoftmaxLayer;

import java.nio.file.Path;
import java.util.List;

/** network3.py's session with layers: train, save, load, evaluate. Argument: epochs (default 60). */
public class Network3Session {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path mnist = Path.of(System.getenv().getOrDefault("NNDL4J_MNIST", "../shared/data/mnist"));
        LabeledImages t10k = LabeledImages.read(mnist.resolve("t10k-images-idx3-ubyte.gz"));
        Dataset training = t10k.toDataset(0, 8000), validation = t10k.toDataset(8000, 9000), test = t10k.toDataset(9000, 10000);

        LayeredNetwork net = new LayeredNetwork(new Shape(1, 28, 28), List.of(
                new FullyConnectedLayer(784, 100, Activation.RELU, 0.0),   // n_in, n_out, activation, p_dropout
                new SoftmaxLayer(100, 10, 0.0)), 42);                      // seed: initial weights and dropout masks
        LayeredTrainingResult r = net.sgd(training, epochs, 10, 0.03, validation, test, 0.1); // network3.py's SGD(...)
        System.out.println("best validation accuracy " + r.bestValidationAccuracy() + " at iteration " + r.bestIteration()
                + ", its test accuracy " + r.testAccuracy());

        net.save(Path.of("layers.json"));                 // nndl4j-layers JSON
        try (Model again = Model.load(Path.of("layers.json"))) {   // reads either kind of model file
            System.out.println("loaded " + again.describe() + ": " + again.accuracy(test) + " / " + test.size());
        }
    }
}
