import nndl4j.Backends;
import nndl4j.backend.Backend;
import nndl4j.data.Dataset;
import nndl4j.data.SyntheticDigits;
import nndl4j.network.Network;
import nndl4j.network.QuadraticCost;

/**
 * Training on a chosen backend: "auto" (the default) takes CUDA where a GPU, its driver and the JCuda jars work,
 * else the CPU, and says why in one line. Argument: auto, cpu, cuda or cuda-emulated.
 */
public class PickBackend {
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "auto";
        Dataset digits = SyntheticDigits.generate(2000, 1);     // drawn digits: no files needed
        try (Backend backend = Backends.open(name, reason -> System.out.println("note: " + reason));
             Network net = new Network(new int[] {784, 30, 10}, QuadraticCost.INSTANCE, 1).useBackend(backend)) {
            System.out.println("backend " + backend.name() + ": " + backend.description());
            net.sgd(digits.slice(0, 1500), 1, 10, 3.0);
            System.out.println("accuracy " + net.accuracy(digits.slice(1500, 2000)) + " / 500");
        }
    }
}
