#!/usr/bin/env python3
"""network2.py's save/load and feedforward, verbatim in their logic, for nndl4j's model-file tests.

  network2_model.py make OUT.json EXPECTED.json   write a model the way network2.save does, plus the
                                                  outputs network2's feedforward gives for a few inputs
  network2_model.py feedforward MODEL.json        load MODEL.json the way network2.load does and print
                                                  feedforward outputs for the same inputs, as JSON
"""
import json
import sys

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class QuadraticCost:
    pass


class CrossEntropyCost:
    pass


class Network:
    def __init__(self, sizes, cost=CrossEntropyCost):
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
        self.weights = [np.random.randn(y, x) / np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]
        self.cost = cost

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def save(self, filename):
        data = {"sizes": self.sizes,
                "weights": [w.tolist() for w in self.weights],
                "biases": [b.tolist() for b in self.biases],
                "cost": str(self.cost.__name__)}
        with open(filename, "w") as f:
            json.dump(data, f)


def load(filename):
    with open(filename, "r") as f:
        data = json.load(f)
    cost = getattr(sys.modules[__name__], data["cost"])
    net = Network(data["sizes"], cost=cost)
    net.weights = [np.array(w) for w in data["weights"]]
    net.biases = [np.array(b) for b in data["biases"]]
    return net


def inputs(n_in):
    """Deterministic test inputs in [0, 1], shared by both directions."""
    return [np.array([[((i * 7 + k * 3) % 11) / 10.0] for k in range(n_in)]) for i in range(4)]


def outputs(net):
    return [net.feedforward(x).ravel().tolist() for x in inputs(net.sizes[0])]


if __name__ == "__main__":
    if sys.argv[1] == "make":
        np.random.seed(2015)
        net = Network([6, 5, 4, 3], cost=QuadraticCost)
        net.save(sys.argv[2])
        with open(sys.argv[3], "w") as f:
            json.dump({"inputs": [x.ravel().tolist() for x in inputs(6)], "outputs": outputs(net)}, f)
    elif sys.argv[1] == "feedforward":
        net = load(sys.argv[2])
        print(json.dumps({"cost": net.cost.__name__, "outputs": outputs(net)}))
