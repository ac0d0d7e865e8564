import nndl4j.data.Dataset;
import nndl4j.data.LabeledImages;
import nndl4j.network.CrossEntropyCost;
import nndl4j.network.Gradients;
import nndl4j.network.Network;
import nndl4j.network.SgdOptions;
import nndl4j.network.TrainingHistory;

import java.nio.file.Path;
import java.util.Arrays;

/** The book's network2.py session: train on MNIST digits, save, load, evaluate. Argument: epochs (default 30). */
public class Network2Session {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        // MNIST's t10k file (its labels beside it): 8,000 digits to train on, 1,000 to validate, 1,000 to test
        Path mnist = Path.of(System.getenv().getOrDefault("NNDL4J_MNIST", "../shared/data/mnist"));
        LabeledImages t10k = LabeledImages.read(mnist.resolve("t10k-images-idx3-ubyte.gz"));
        Dataset training = t10k.toDataset(0, 8000);
        Dataset validation = t10k.toDataset(8000, 9000);
        Dataset test = t10k.toDataset(9000, 10000);

        Network net = new Network(new int[] {784, 30, 10}, CrossEntropyCost.INSTANCE, 42);
        net.largeWeightInitializer();                     // or keep the default initializer
        TrainingHistory h = net.sgd(training, epochs, 10, 0.5,
                SgdOptions.defaults()
                        .lambda(5.0)
                        .evaluationData(validation)
                        .monitor(true, true, true, true)  // evaluation cost/accuracy, training cost/accuracy
                        .earlyStopping(10));
        System.out.println("validation accuracy per epoch: " + h.evaluationAccuracy() + " of " + validation.size());

        net.save(Path.of("net.json"));                    // network2.py's JSON: loads in network2.load
        Network again = Network.load(Path.of("net.json"));
        System.out.printf("test accuracy %d / %d, cost %.4f%n", again.accuracy(test), test.size(), again.totalCost(test, 5.0));
        float[] out = again.feedforward(test.input(0));   // 10 activations
        Gradients g = again.backprop(test.input(0), Network.vectorizedResult(test.label(0)));
        System.out.println("first test digit " + test.label(0) + ": outputs " + Arrays.toString(out)
                + ", output biases' gradient " + Arrays.toString(g.nablaB()[1]));
    }
}
