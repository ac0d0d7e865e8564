package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;
import nndl4j.data.Dataset;

/** A dataset uploaded to a backend once per run, with the identity order for in-order passes. */
final class DeviceDataset implements AutoCloseable {
    final Matrix inputs;
    final Matrix targets;
    final IntVector inOrder;
    final int size;

    DeviceDataset(Backend backend, Dataset data) {
        this.size = data.size();
        this.inputs = backend.upload(data.inputs(), data.inputSize(), data.size());
        this.targets = backend.upload(data.targets(), data.outputSize(), data.size());
        int[] identity = new int[data.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        this.inOrder = backend.upload(identity);
    }

    @Override
    public void close() {
        inputs.close();
        targets.close();
        inOrder.close();
    }
}
