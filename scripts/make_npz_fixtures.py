#!/usr/bin/env python3
"""Writes the npz fixtures that NpzMnistTest, DataSpecTest and the CLI tests read (src/test/resources/nndl4j/data/),
and mnist-fixture.json: what numpy itself reads back from them, the oracle the tests compare with.

The digits are synthetic (no MNIST data): seven-segment digits of random thickness and shift plus noise, drawn by a
seeded generator, so every run writes the same bytes.

  mnist-fixture.npz             np.savez: x_train (120, 28, 28) uint8, y_train (120,) uint8, x_test (30, 28, 28),
                                y_test (30,) uint8, as Keras' mnist.npz lays them out
  mnist-fixture-mixed.npz       the same arrays as numpy can also write them: x_train Fortran-ordered, y_train
                                big-endian int32, x_test of shape (30, 784), y_test little-endian int64
  mnist-fixture-compressed.npz  np.savez_compressed (deflated entries), 10,040 training images of shape (N, 784) with
                                int64 labels (so 40 training and 10,000 validation images) and the 30 test images
  y-test-v1.npy, -v2, -v3       y_test as int64 in each .npy format version (1.0, 2.0, 3.0)
  bad-*.npz                     one defect each (see `bad` below); each must be refused with one error line
  NpzFuzzTestInputs/            NpzFuzzTest's seeds: tiny npz files (npzFile/) and .npy arrays (npyArray/)

Run from the repository root: python3 scripts/make_npz_fixtures.py (needs numpy).
"""
import io
import json
import pickle
import zipfile
from pathlib import Path

import numpy as np

OUT = Path("src/test/resources/nndl4j/data")
SEGMENTS = {  # seven segments: a top, b top right, c bottom right, d bottom, e bottom left, f top left, g middle
    0: "abcdef", 1: "bc", 2: "abged", 3: "abgcd", 4: "fgbc", 5: "afgcd", 6: "afgedc", 7: "abc", 8: "abcdefg", 9: "abcdfg"}
# Slices the tests apply to the 30 test images, with the indices Python's list slicing gives.
SLICES = ["[:20]", "[20:]", "[5:9]", "[-5:]", "[:-25]", "[-1000:3]", "[:99999]", "[25:-2]", "[-3:-1]", "[+2:+4]"]
EMPTY_SLICES = ["[30:]", "[9:4]", "[99999:]", "[-1:-1]", "[:-30]", "[99999999999999999999999:]"]


def digit(rng, label):
    image = np.zeros((28, 28), dtype=np.float64)
    top, left = 4 + rng.integers(-2, 3), 8 + rng.integers(-3, 4)
    width, height, t = 11, 9, int(rng.integers(2, 4))
    bars = {"a": (top, left, t, width), "g": (top + height, left, t, width), "d": (top + 2 * height, left, t, width),
            "f": (top, left, height + t, t), "b": (top, left + width - t, height + t, t),
            "e": (top + height, left, height + t, t), "c": (top + height, left + width - t, height + t, t)}
    for segment in SEGMENTS[label]:
        r, c, h, w = bars[segment]
        image[r:r + h, c:c + w] = 1.0
    image = image * rng.uniform(0.7, 1.0) + rng.uniform(0, 0.15, (28, 28))
    return np.clip(image * 255, 0, 255).astype(np.uint8)


def digits(rng, n):
    labels = rng.integers(0, 10, n).astype(np.uint8)
    return np.stack([digit(rng, int(label)) for label in labels]), labels


def npy(array, header_shape=None, descr=None):
    """The .npy bytes of `array`, with the header's shape or descr optionally replaced (to lie)."""
    out = io.BytesIO()
    np.save(out, array, allow_pickle=False)
    data = out.getvalue()
    if header_shape is None and descr is None:
        return data
    header = {"descr": descr or np.lib.format.dtype_to_descr(array.dtype), "fortran_order": False,
              "shape": header_shape if header_shape is not None else array.shape}
    body = data[len(data) - array.nbytes:]
    head = io.BytesIO()
    np.lib.format.write_array_header_1_0(head, header)
    return head.getvalue() + body


def write_zip(name, entries):
    with zipfile.ZipFile(OUT / name, "w", zipfile.ZIP_STORED) as z:
        for entry, data in entries.items():
            info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, data)


def summary(x, y):
    flat = x.reshape(len(x), -1).astype(np.int64)
    return {"count": int(len(x)), "labels": [int(v) for v in y], "sums": [int(s) for s in flat.sum(axis=1)],
            "pixels": [[i, p, int(flat[i, p])] for i in range(0, len(x), 7) for p in (0, 100, 300, 407, 783)]}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261123)
    x_train, y_train = digits(rng, 120)
    x_test, y_test = digits(rng, 30)

    np.savez(OUT / "mnist-fixture.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    np.savez(OUT / "mnist-fixture-mixed.npz", x_train=np.asfortranarray(x_train), y_train=y_train.astype(">i4"),
             x_test=x_test.reshape(30, 784), y_test=y_test.astype("<i8"))
    # mostly blank images, so that 10,040 of them compress to a small file
    big_x = np.zeros((10_040, 784), dtype=np.uint8)
    big_x[:, 300:310] = (np.arange(10_040) % 251).reshape(-1, 1).astype(np.uint8)
    big_y = (np.arange(10_040) * 7 % 10).astype(np.int64)
    np.savez_compressed(OUT / "mnist-fixture-compressed.npz", x_train=big_x, y_train=big_y, x_test=x_test, y_test=y_test)

    for major in (1, 2, 3):
        with open(OUT / f"y-test-v{major}.npy", "wb") as f:
            np.lib.format.write_array(f, y_test.astype("<i8"), version=(major, 0), allow_pickle=False)

    # the bad files hold 10 training images, to stay small
    x_small, y_small = x_train[:10], y_train[:10]
    good = {"x_train.npy": npy(x_small), "y_train.npy": npy(y_small), "x_test.npy": npy(x_test), "y_test.npy": npy(y_test)}
    bad = {
        # y_train saved as an object array: its data is a pickle
        "bad-object.npz": {**good, "y_train.npy": npy_object(y_small)},
        # x_train.npy is a pickle of the array, not a .npy file
        "bad-pickled.npz": {**good, "x_train.npy": pickle.dumps(x_small, protocol=4)},
        # header promises 200 images, the data holds 10
        "bad-shape-lie.npz": {**good, "x_train.npy": npy(x_small, header_shape=(200, 28, 28))},
        # header promises 10^12 images: more than any array
        "bad-huge-shape.npz": {**good, "x_train.npy": npy(x_small, header_shape=(10 ** 12, 28, 28))},
        # 10 images but 9 labels
        "bad-count.npz": {**good, "y_train.npy": npy(y_small[:9])},
        # a label 10 (sample 7)
        "bad-label.npz": {**good, "y_train.npy": npy(np.where(np.arange(10) == 7, 10, y_small).astype(np.int64))},
        # float pixels
        "bad-float.npz": {**good, "x_train.npy": npy(x_small.astype(np.float32) / 255)},
        # x_train.npy cut in the middle of its data
        "bad-truncated-entry.npz": {**good, "x_train.npy": npy(x_small)[:5_000]},
        # no y_test
        "bad-missing.npz": {k: v for k, v in good.items() if k != "y_test.npy"},
    }
    for name, entries in bad.items():
        write_zip(name, entries)
    # the fixture cut in half: no central directory
    whole = (OUT / "bad-count.npz").read_bytes()
    (OUT / "bad-truncated.npz").write_bytes(whole[:len(whole) // 2])

    write_fuzz_seeds(x_train[:3], y_train[:3], x_test[:2], y_test[:2])

    oracle = {"train": summary(x_train, y_train), "test": summary(x_test, y_test),
              "slices": {s: eval("list(range(30))" + s) for s in SLICES},
              "empty_slices": [s for s in EMPTY_SLICES if eval("list(range(30))" + s) == []],
              "compressed": {"train_sum": int(big_x[:40].astype(np.int64).sum()),
                             "validation_sum": int(big_x[40:].astype(np.int64).sum()),
                             "train_labels": [int(v) for v in big_y[:40]],
                             "validation_first_labels": [int(v) for v in big_y[40:50]],
                             "validation_last_label": int(big_y[-1])}}
    # read back with numpy: the fixtures hold what the oracle says
    with np.load(OUT / "mnist-fixture-mixed.npz") as z:
        assert (z["x_train"] == x_train).all() and (z["y_train"] == y_train).all()
        assert (z["x_test"].reshape(30, 28, 28) == x_test).all() and (z["y_test"] == y_test).all()
    (OUT / "mnist-fixture.json").write_text(json.dumps(oracle) + "\n")


def write_fuzz_seeds(x_train, y_train, x_test, y_test):
    """Small valid inputs in each layout, for the fuzzer to start from: big files would only slow it down."""
    npz_dir, npy_dir = OUT / "NpzFuzzTestInputs" / "npzFile", OUT / "NpzFuzzTestInputs" / "npyArray"
    npz_dir.mkdir(parents=True, exist_ok=True)
    npy_dir.mkdir(parents=True, exist_ok=True)
    small = {"x_train": x_train[:, 10:14, 10:14], "y_train": y_train, "x_test": x_test[:, 10:14, 10:14], "y_test": y_test}
    write_zip("NpzFuzzTestInputs/npzFile/stored.npz", {k + ".npy": npy(v) for k, v in small.items()})
    with zipfile.ZipFile(npz_dir / "deflated.npz", "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in small.items():
            z.writestr(zipfile.ZipInfo(k + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), npy(v), zipfile.ZIP_DEFLATED)
    mixed = {"x_train": np.asfortranarray(small["x_train"]), "y_train": y_train.astype(">i4"),
             "x_test": small["x_test"].reshape(2, 16), "y_test": y_test.astype("<i8")}
    write_zip("NpzFuzzTestInputs/npzFile/mixed.npz", {k + ".npy": npy(v) for k, v in mixed.items()})
    arrays = {"u1-3d.npy": small["x_train"], "i4-big-endian.npy": y_train.astype(">i4"),
              "fortran.npy": np.asfortranarray(small["x_train"]), "u8.npy": y_train.astype("<u8")}
    for name, array in arrays.items():
        (npy_dir / name).write_bytes(npy(array))
    with open(npy_dir / "v3.npy", "wb") as f:
        np.lib.format.write_array(f, y_test.astype("<i2"), version=(3, 0), allow_pickle=False)


def npy_object(labels):
    out = io.BytesIO()
    np.save(out, labels.astype(object), allow_pickle=True)
    return out.getvalue()


if __name__ == "__main__":
    main()
