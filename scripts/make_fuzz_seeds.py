#!/usr/bin/env python3
"""Writes the seed corpora of the readers' fuzz tests (docs/TESTING.md, "Fuzz tests"): small valid files that show
Jazzer each format's structure, under src/test/resources/nndl4j/data/<Class>Inputs/ (shared by the class's targets;
a gzipped target gzips its input itself, so its seeds are the plain bytes too).

  IdxFuzzTestInputs/        images-2x3x2.idx, images-0x1x1.idx, labels-4.idx (big-endian headers, uint8 bodies)
  MnistPickleFuzzTestInputs/ the same tiny (training, validation, test) split in pickle protocols 0 to 5, as Python 2
                            wrote the book's file, with uint8 / float64 Fortran / big-endian arrays
  ModelFuzzTestInputs/      network2.py's JSON (sigmoid; relu) and nndl4j-layers JSON (fully connected; conv-pool)

Run from the repository root: python3 scripts/make_fuzz_seeds.py (needs numpy 2).
"""
import json
import pickle
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from make_mnist_pickle_fixture import python2_pickle  # noqa: E402

OUT = Path("src/test/resources/nndl4j/data")


def idx(magic, dims, body):
    return struct.pack(">" + "i" * (1 + len(dims)), magic, *dims) + bytes(body)


def split(image_dtype=np.float32, label_dtype=np.int64, order="C"):
    """2, 1 and 1 samples of 2x2 pixels, labels digits."""
    parts = []
    for s, n in enumerate((2, 1, 1)):
        pixels = (np.arange(n * 4).reshape(n, 4) * 17 + 40 * s) % 256
        images = pixels.astype(np.uint8) if image_dtype == np.uint8 else (pixels / 256).astype(image_dtype)
        parts.append((np.array(images, order=order), (np.arange(n) + 3 * s).astype(label_dtype)))
    return tuple(parts)


def write(folder, name, data):
    path = OUT / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def main():
    write("IdxFuzzTestInputs", "images-2x3x2.idx", idx(0x803, (2, 3, 2), range(0, 240, 20)))
    write("IdxFuzzTestInputs", "images-0x1x1.idx", idx(0x803, (0, 1, 1), []))
    write("IdxFuzzTestInputs", "labels-4.idx", idx(0x801, (4,), [0, 9, 3, 7]))

    for protocol in range(6):
        write("MnistPickleFuzzTestInputs", f"protocol{protocol}.pkl", pickle.dumps(split(), protocol=protocol))
    write("MnistPickleFuzzTestInputs", "python2.pkl", python2_pickle(split()))
    write("MnistPickleFuzzTestInputs", "uint8-int32.pkl", pickle.dumps(split(np.uint8, np.int32), protocol=2))
    write("MnistPickleFuzzTestInputs", "fortran-float64.pkl",
          pickle.dumps(split(np.float64, np.uint8, order="F"), protocol=5))
    write("MnistPickleFuzzTestInputs", "big-endian.pkl", pickle.dumps(split(">f4", ">i8"), protocol=3))

    write("ModelFuzzTestInputs", "network2.json", json.dumps({
        "sizes": [3, 2, 2], "weights": [[[0.5, -1, 2], [0, 1e-3, -0.25]], [[1, 2], [3, 4]]],
        "biases": [[[0.1], [-0.2]], [[0], [1]]], "cost": "CrossEntropyCost"}))
    write("ModelFuzzTestInputs", "network2-relu.json", json.dumps({
        "sizes": [2, 2], "weights": [[[1.5, -2.5], [0.5, 1]]], "biases": [[[0.5], [0]]], "cost": "QuadraticCost",
        "activation": "relu"}))
    write("ModelFuzzTestInputs", "layers-fc.json", json.dumps({
        "format": "nndl4j-layers", "version": 1, "input": [1, 2, 2], "cost": "log-likelihood", "layers": [
            {"type": "fully-connected", "n_in": 4, "n_out": 2, "activation": "relu", "p_dropout": 0.5,
             "w": [[1, 2], [3, 4], [5, 6], [7, 8]], "b": [0, 1]},
            {"type": "softmax", "n_in": 2, "n_out": 2, "p_dropout": 0.0, "w": [[1, -1], [-1, 1]], "b": [0.5, 0]}]}))
    write("ModelFuzzTestInputs", "layers-conv.json", json.dumps({
        "format": "nndl4j-layers", "version": 1, "input": [1, 3, 3], "cost": "log-likelihood", "layers": [
            {"type": "conv-pool", "filter_shape": [1, 1, 2, 2], "image_shape": [1, 3, 3], "pool_size": [1, 1],
             "activation": "sigmoid", "w": [[[[1, 0], [0, -1]]]], "b": [0.25]},
            {"type": "softmax", "n_in": 4, "n_out": 2, "p_dropout": 0.0, "w": [[1, 0], [0, 1], [1, 1], [0, 0]],
             "b": [0, 0]}]}))


if __name__ == "__main__":
    main()
