#!/usr/bin/env python3
"""Writes the files with impossible values that the readers must reject with one line naming the place
(src/test/resources/fixtures/), each the way numpy and Python's json write them:

  mnist-nan-pixel.pkl.gz    the tiny split of make_mnist_pickle_fixture.py, training image 1 pixel 5 NaN (float32)
  mnist-inf-pixel.pkl.gz    the same with float64 images, validation image 2 pixel 700 +inf
  mnist-0-255.pkl.gz        the same with float32 pixels of 0-255 (not divided by 255)
  mnist-huge-shape.pkl.gz   training images that declare shape (2**31 - 1, 784) over 16 bytes of data (numpy
                            itself refuses to unpickle it; checked below)
  mnist-no-huge-images.pkl.gz  training images of shape (0, 2**31 - 1, 2): no data, but images of 2**32 - 2 pixels
  network2-1e300.json       network2.py's save of sizes [4, 3, 2] with weights[1][1][2] = 1e300 (json writes 1e+300)
  network2-nan-bias.json    the same with biases[0][2][0] = nan (json writes the bare token NaN)
  network2-infinity.json    the same with weights[0][0][3] = -inf (json writes -Infinity)

Run from the repository root: python3 scripts/make_bad_value_fixtures.py (needs numpy 2).
"""
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from make_mnist_pickle_fixture import OUT, book_layout, write  # noqa: E402


class HugeShape:
    """Pickles as numpy pickles an ndarray, with a shape its 16 bytes of data cannot hold."""

    def __reduce__(self):
        return (np._core.multiarray._reconstruct, (np.ndarray, (0,), b"b"),
                (1, (2**31 - 1, 784), np.dtype(np.float32), False, bytes(16)))


def network2_save(name, change):
    rng = np.random.default_rng(7)
    sizes = [4, 3, 2]
    weights = [rng.standard_normal((y, x)) / np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((y, 1)) for y in sizes[1:]]
    change(weights, biases)
    # network2.py's save
    data = {"sizes": sizes, "weights": [w.tolist() for w in weights], "biases": [b.tolist() for b in biases],
            "cost": "CrossEntropyCost"}
    with open(OUT / name, "w") as f:
        json.dump(data, f)


def main():
    nan = book_layout()
    nan[0][0][1, 5] = np.nan
    write("mnist-nan-pixel.pkl.gz", pickle.dumps(nan, protocol=2))

    inf = book_layout((np.float64,) * 3)
    inf[1][0][2, 700] = np.inf
    write("mnist-inf-pixel.pkl.gz", pickle.dumps(inf, protocol=2))

    bytes_as_floats = tuple((np.round(images * 256).astype(np.float32), labels) for images, labels in book_layout())
    assert bytes_as_floats[0][0].max() > 1
    write("mnist-0-255.pkl.gz", pickle.dumps(bytes_as_floats, protocol=2))

    huge = ((HugeShape(), book_layout()[0][1]),) + book_layout()[1:]
    huge_pickle = pickle.dumps(huge, protocol=2)
    try:
        pickle.loads(huge_pickle)
        raise AssertionError("numpy unpickled an array of 2**31 - 1 images from 16 bytes")
    except ValueError:
        pass
    write("mnist-huge-shape.pkl.gz", huge_pickle)

    empty = ((np.zeros((0, 2**31 - 1, 2), np.float32), np.zeros(0, np.int64)),) + book_layout()[1:]
    write("mnist-no-huge-images.pkl.gz", pickle.dumps(empty, protocol=2))

    network2_save("network2-1e300.json", lambda w, b: w[1].__setitem__((1, 2), 1e300))
    network2_save("network2-nan-bias.json", lambda w, b: b[0].__setitem__((2, 0), np.nan))
    network2_save("network2-infinity.json", lambda w, b: w[0].__setitem__((0, 3), -np.inf))


if __name__ == "__main__":
    main()
