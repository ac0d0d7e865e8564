#!/usr/bin/env python3
"""Writes the tiny mnist.pkl.gz look-alikes that MnistPickleTest reads (src/test/resources/fixtures/).

Each holds (training, validation, test) = 5, 3 and 4 samples of 784 pixels. Pixel k of sample i in part s
(0 = training, 1 = validation, 2 = test) is the byte b = (37*s + 11*i + 5*k) % 256, stored as b/256 in float arrays
(exact in float32 and float64) and as b in uint8 arrays. Labels are LABELS below.

  mnist-tiny.pkl.gz           numpy 2 (numpy._core names), pickle protocol 2: float32 images, int64 labels
  mnist-tiny-py2.pkl.gz       the layout of the book's own file, written by Python 2's cPickle with numpy 1:
                              protocol 2, numpy.core names, raw data as Python 2 byte strings (BINSTRING)
  mnist-tiny-p5-mixed.pkl.gz  protocol 5 (numpy's _frombuffer): float64 Fortran-ordered training images with int32
                              labels, big-endian float32 validation images with uint8 labels, uint8 test images of
                              shape (4, 28, 28) with int64 labels
  mnist-bad-dtype.pkl.gz      like mnist-tiny.pkl.gz but float16 training images

Run from the repository root: python3 scripts/make_mnist_pickle_fixture.py (needs numpy 2).
"""
import gzip
import io
import pickle
import struct
from pathlib import Path

import numpy as np

OUT = Path("src/test/resources/fixtures")
SIZES = (5, 3, 4)
LABELS = ([3, 1, 4, 1, 5], [9, 2, 6], [5, 3, 5, 8])


def pixel_bytes(part):
    i = np.arange(SIZES[part]).reshape(-1, 1)
    k = np.arange(784).reshape(1, -1)
    return ((37 * part + 11 * i + 5 * k) % 256).astype(np.uint8)


def floats(part, dtype):
    return (pixel_bytes(part).astype(np.float64) / 256).astype(dtype)


def labels(part, dtype):
    return np.array(LABELS[part], dtype=dtype)


def write(name, data):
    # mtime=0 and no file name keep the output identical from run to run.
    with open(OUT / name, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(data)


class Global:
    def __init__(self, module, name):
        self.module, self.name = module, name


class Reduce:
    def __init__(self, func, args, state):
        self.func, self.args, self.state = func, args, state


def python2_pickle(obj):
    """Pickles obj as Python 2's cPickle (protocol 2) did, numpy arrays as numpy 1.x reduced them there.

    Python 3 cannot write Python 2 byte strings, so this emits the opcodes itself (no memo: it is optional).
    """
    out = io.BytesIO()
    out.write(b"\x80\x02")

    def emit(o):
        if o is None:
            out.write(b"N")
        elif isinstance(o, bool):
            out.write(b"\x88" if o else b"\x89")
        elif isinstance(o, int):
            if 0 <= o < 256:
                out.write(b"K" + bytes([o]))
            elif 0 <= o < 65536:
                out.write(b"M" + struct.pack("<H", o))
            else:
                out.write(b"J" + struct.pack("<i", o))
        elif isinstance(o, bytes):  # a Python 2 str
            if len(o) < 256:
                out.write(b"U" + bytes([len(o)]) + o)
            else:
                out.write(b"T" + struct.pack("<i", len(o)) + o)
        elif isinstance(o, tuple):
            if len(o) <= 3:
                for item in o:
                    emit(item)
                out.write([b")", b"\x85", b"\x86", b"\x87"][len(o)])
            else:
                out.write(b"(")
                for item in o:
                    emit(item)
                out.write(b"t")
        elif isinstance(o, Global):
            out.write(b"c" + o.module.encode() + b"\n" + o.name.encode() + b"\n")
        elif isinstance(o, Reduce):
            emit(o.func)
            emit(o.args)
            out.write(b"R")
            emit(o.state)
            out.write(b"b")
        elif isinstance(o, np.ndarray):
            emit(numpy1_array(o))
        else:
            raise TypeError(type(o))

    emit(obj)
    out.write(b".")
    return out.getvalue()


def numpy1_array(a):
    """numpy 1.x's ndarray.__reduce__ under Python 2, for a little-endian C-ordered array."""
    dtype = Reduce(Global("numpy", "dtype"), (a.dtype.str[1:].encode(), 0, 1),
                   (3, a.dtype.str[0].encode(), None, None, None, -1, -1, 0))
    return Reduce(Global("numpy.core.multiarray", "_reconstruct"), (Global("numpy", "ndarray"), (0,), b"b"),
                  (1, a.shape, dtype, False, a.tobytes()))


def book_layout(image_dtypes=(np.float32,) * 3):
    return tuple((floats(s, image_dtypes[s]), labels(s, np.int64)) for s in range(3))


def main():
    OUT.mkdir(parents=True, exist_ok=True)

    tiny = book_layout()
    write("mnist-tiny.pkl.gz", pickle.dumps(tiny, protocol=2))

    py2 = python2_pickle(tiny)
    check(pickle.loads(py2, encoding="latin1"), tiny)
    write("mnist-tiny-py2.pkl.gz", py2)

    mixed = (
        (np.asfortranarray(floats(0, np.float64)), labels(0, np.int32)),
        (floats(1, ">f4"), labels(1, np.uint8)),
        (pixel_bytes(2).reshape(-1, 28, 28), labels(2, np.int64)),
    )
    assert mixed[0][0].flags.f_contiguous and not mixed[0][0].flags.c_contiguous
    p5 = pickle.dumps(mixed, protocol=5)
    check(pickle.loads(p5), mixed)
    write("mnist-tiny-p5-mixed.pkl.gz", p5)

    write("mnist-bad-dtype.pkl.gz", pickle.dumps(book_layout((np.float16, np.float32, np.float32)), protocol=2))


def check(loaded, expected):
    for (images, lab), (want_images, want_labels) in zip(loaded, expected):
        assert images.dtype == want_images.dtype and np.array_equal(images, want_images)
        assert lab.dtype == want_labels.dtype and np.array_equal(lab, want_labels)


if __name__ == "__main__":
    main()
