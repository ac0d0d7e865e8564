package nndl4j.network;

/** What {@link Network#backprop} returns: ∂C/∂b as [layer][j] and ∂C/∂w as [layer][j][k], layer by layer like the biases and weights. */
public record Gradients(float[][] nablaB, float[][][] nablaW) {
}
