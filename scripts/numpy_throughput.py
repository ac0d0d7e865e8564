#!/usr/bin/env python3
"""The book's matrix-based SGD step in numpy (float32), for side-by-side throughput against `nndl4j benchmark`.

Same work per mini-batch as nndl4j's engine: gather a shuffled mini-batch, forward (W·A + b, sigmoid),
cross-entropy output error, backward through the weights, weight and bias gradients, network2.py's update.
Prints lines in the format of `nndl4j benchmark` with backend=numpy.

  numpy_throughput.py SIZES BATCH [SAMPLES] [EPOCHS]     e.g. numpy_throughput.py 784,30,10 10 50000 5
"""
import statistics
import sys
import time

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    batch = int(sys.argv[2])
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    rng = np.random.default_rng(1)
    x = rng.random((sizes[0], samples), dtype=np.float32)
    y = np.zeros((sizes[-1], samples), dtype=np.float32)
    y[rng.integers(0, sizes[-1], samples), np.arange(samples)] = 1
    ws = [(rng.standard_normal((o, i)) / np.sqrt(i)).astype(np.float32) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [rng.standard_normal((o, 1)).astype(np.float32) for o in sizes[1:]]
    eta, decay = np.float32(0.1), np.float32(1.0)
    rates = []
    for epoch in range(2 + epochs):  # two warm-up epochs, like `nndl4j benchmark`
        start = time.perf_counter()
        order = rng.permutation(samples)
        for k in range(0, samples, batch):
            idx = order[k:k + batch]
            a, ys = x[:, idx], y[:, idx]
            activations = [a]
            for w, b in zip(ws, bs):
                a = sigmoid(w @ a + b)
                activations.append(a)
            delta = activations[-1] - ys
            scale = eta / len(idx)
            for l in range(len(ws) - 1, -1, -1):
                previous = ws[l].T @ delta if l > 0 else None
                ws[l] = decay * ws[l] - scale * (delta @ activations[l].T)
                bs[l] -= scale * delta.sum(axis=1, keepdims=True)
                if l > 0:
                    delta = previous * activations[l] * (1 - activations[l])
        if epoch >= 2:
            rates.append(samples / (time.perf_counter() - start))
    median = statistics.median(rates)
    flops = 6 * sum(i * o for i, o in zip(sizes[:-1], sizes[1:]))
    print(f"backend=numpy sizes={sys.argv[1]} batch={batch} samples/s={median:.0f} gflops={median * flops / 1e9:.1f} "
          f"range={min(rates):.0f}..{max(rates):.0f} epochs={len(rates)} samples={samples}")


if __name__ == "__main__":
    main()
