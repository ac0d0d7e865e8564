#!/usr/bin/env python3
"""Recompute an nndl4j-layers model's outputs with network3.py's math in numpy (float64) and compare.

An independent check of nndl4j's layered networks (conv-pool, fully-connected and softmax layers): it reads the
model file nndl4j saves, feeds MNIST test images through network3.py's inference formulas written out here from
their definitions (nothing of nndl4j's code is used), and compares with the outputs nndl4j computed.

Usage:

  python3 scripts/network3_check.py MODEL.json EXPECTED.json [--mnist DIR] [--tolerance 1e-4]
  python3 scripts/network3_check.py --self-test

  MODEL.json     an nndl4j-layers file: {"format": "nndl4j-layers", "version": 1, "input": [c, h, w],
                 "cost": "log-likelihood", "layers": [...]}, as LayeredNetwork.save writes it
  EXPECTED.json  {"images": [indices into t10k], "outputs": [[n_out floats], ...]}: nndl4j's feedforward outputs
  --mnist DIR    folder with t10k-images-idx3-ubyte[.gz] (default: $NNDL4J_MNIST, else ../shared/data/mnist
                 relative to the repository root, as the Java tests look for it)
  --tolerance T  largest allowed absolute difference of any output (default 1e-4)
  --self-test    checks this script's convolution against the definition summed term by term, and exits

Prints the largest absolute difference (and per image with -v); exits 0 when it is within the tolerance, 1 when
it is not, 2 on bad input (missing files, a malformed model, wrong shapes).

The math (network3.py, at inference, i.e. its `output` rather than `output_dropout`):
  conv-pool     conv = conv2d(x, w): a 'valid' TRUE convolution (Theano flips the filters),
                  conv[f, y, x] = sum_c sum_i sum_j x[c, y+kh-1-i, x+kw-1-j] * w[f, c, i, j]
                pooled = max over non-overlapping ph x pw windows, the partial border dropped (ignore_border=True)
                output = activation(pooled + b[f]), flattened in (f, row, col) order
  fully-connected  activation((1 - p_dropout) * x . w + b)
  softmax          softmax((1 - p_dropout) * x . w + b)
Inputs are the IDX bytes / 255 rounded to float32, as nndl4j reads them; everything after that is float64.
"""
import argparse
import gzip
import json
import os
import sys

import numpy as np

ACTIVATIONS = {
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(0.0, z),
    "linear": lambda z: z,
}


class BadInput(Exception):
    pass


# ---- data ----

def default_mnist_dir():
    env = os.environ.get("NNDL4J_MNIST")
    if env and env.strip():
        return env
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(repo_root, "..", "shared", "data", "mnist")


def read_idx_images(directory):
    """All images of t10k-images-idx3-ubyte[.gz] in DIR as float64 arrays of (count, rows, cols), bytes / 255f."""
    for name, opener in (("t10k-images-idx3-ubyte.gz", gzip.open), ("t10k-images-idx3-ubyte", open)):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            with opener(path, "rb") as f:
                data = f.read()
            break
    else:
        raise BadInput(f"no t10k-images-idx3-ubyte[.gz] in {os.path.abspath(directory)} (give --mnist DIR or set NNDL4J_MNIST)")
    if len(data) < 16 or int.from_bytes(data[0:4], "big") != 2051:
        raise BadInput(f"{path}: not an IDX images file (magic number 2051 expected)")
    count, rows, cols = (int.from_bytes(data[k:k + 4], "big") for k in (4, 8, 12))
    if len(data) != 16 + count * rows * cols:
        raise BadInput(f"{path}: {len(data) - 16} pixel bytes for {count} images of {rows}x{cols}")
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows, cols)
    # the float32 value nndl4j trains and evaluates on, then widened exactly
    return (pixels.astype(np.float32) / np.float32(255)).astype(np.float64)


# ---- the model ----

def array(node, shape, where):
    try:
        a = np.array(node, dtype=np.float64)
    except (ValueError, TypeError) as e:
        raise BadInput(f"{where} is not a numeric array: {e}")
    if a.shape != tuple(shape):
        raise BadInput(f"{where} has shape {a.shape}, expected {tuple(shape)}")
    if not np.all(np.isfinite(a)):
        raise BadInput(f"{where} holds a non-finite value")
    return a


def activation(layer, where):
    name = layer.get("activation")
    if name not in ACTIVATIONS:
        raise BadInput(f"{where}.activation {name!r} is not one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def dropout(layer, where):
    p = layer.get("p_dropout", 0.0)
    if not isinstance(p, (int, float)) or not 0 <= p < 1:
        raise BadInput(f"{where}.p_dropout must be in [0, 1), got {p!r}")
    return float(p)


def load_model(path):
    """The model as a list of functions, each taking one sample (a flat float64 vector) to the next layer's input."""
    with open(path) as f:
        root = json.load(f)
    if root.get("format") != "nndl4j-layers" or root.get("version") != 1:
        raise BadInput(f"{path}: not an nndl4j-layers version 1 file")
    if root.get("cost") != "log-likelihood":
        raise BadInput(f"{path}: cost {root.get('cost')!r}, expected log-likelihood")
    shape = tuple(root["input"])
    layers = root["layers"]
    if not layers or layers[-1].get("type") != "softmax":
        raise BadInput(f"{path}: the last layer must be softmax")
    steps = []
    size = int(np.prod(shape))
    for n, layer in enumerate(layers):
        where = f"layers[{n}]"
        kind = layer.get("type")
        if kind == "conv-pool":
            f_, c, kh, kw = layer["filter_shape"]
            image = tuple(layer["image_shape"])
            ph, pw = layer["pool_size"]
            if image[0] != c or int(np.prod(image)) != size:
                raise BadInput(f"{where}: image_shape {list(image)} and filter_shape {layer['filter_shape']} do not fit "
                               f"the {size} values of the previous layer")
            if dropout(layer, where) != 0:
                raise BadInput(f"{where}: network3.py's ConvPoolLayer has no dropout, got p_dropout {layer['p_dropout']}")
            w = array(layer["w"], (f_, c, kh, kw), where + ".w")
            b = array(layer["b"], (f_,), where + ".b")
            step = conv_pool_step(w, b, image, (ph, pw), activation(layer, where))
            size = f_ * ((image[1] - kh + 1) // ph) * ((image[2] - kw + 1) // pw)
        elif kind in ("fully-connected", "softmax"):
            n_in, n_out = layer["n_in"], layer["n_out"]
            if n_in != size:
                raise BadInput(f"{where}: n_in {n_in} but the previous layer gives {size} values")
            w = array(layer["w"], (n_in, n_out), where + ".w")
            b = array(layer["b"], (n_out,), where + ".b")
            f = softmax if kind == "softmax" else activation(layer, where)
            step = dense_step(w, b, dropout(layer, where), f)
            size = n_out
        else:
            raise BadInput(f"{where}.type {kind!r} is not conv-pool, fully-connected or softmax")
        steps.append(step)
    return shape, steps


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def dense_step(w, b, p_dropout, f):
    return lambda x: f((1 - p_dropout) * (x @ w) + b)


def conv_pool_step(w, b, image, pool, f):
    def step(x):
        maps = x.reshape(image)
        pooled = max_pool(convolve(maps, w), pool)
        return f(pooled + b[:, None, None]).reshape(-1)
    return step


def convolve(maps, w):
    """'valid' true convolution: the filters flipped in both spatial axes, then slid over the maps."""
    _, height, width = maps.shape
    filters, _, kh, kw = w.shape
    oh, ow = height - kh + 1, width - kw + 1
    flipped = w[:, :, ::-1, ::-1]
    out = np.zeros((filters, oh, ow))
    for p in range(kh):
        for q in range(kw):
            out += np.einsum("fc,cyx->fyx", flipped[:, :, p, q], maps[:, p:p + oh, q:q + ow])
    return out


def convolve_by_definition(maps, w):
    """The same, term by term from the definition (slow; only for --self-test)."""
    channels, height, width = maps.shape
    filters, _, kh, kw = w.shape
    out = np.zeros((filters, height - kh + 1, width - kw + 1))
    for f in range(filters):
        for y in range(out.shape[1]):
            for x in range(out.shape[2]):
                s = 0.0
                for c in range(channels):
                    for i in range(kh):
                        for j in range(kw):
                            s += maps[c, y + kh - 1 - i, x + kw - 1 - j] * w[f, c, i, j]
                out[f, y, x] = s
    return out


def max_pool(maps, pool):
    """Max over non-overlapping windows; rows and columns that do not fill a window are dropped (ignore_border)."""
    ph, pw = pool
    filters, height, width = maps.shape
    rows, cols = height // ph, width // pw
    trimmed = maps[:, :rows * ph, :cols * pw]
    return trimmed.reshape(filters, rows, ph, cols, pw).max(axis=(2, 4))


def self_test():
    rng = np.random.default_rng(3)
    maps = rng.standard_normal((3, 9, 8))
    w = rng.standard_normal((4, 3, 4, 3))
    fast, slow = convolve(maps, w), convolve_by_definition(maps, w)
    diff = np.max(np.abs(fast - slow))
    # the flip matters: cross-correlation must differ
    flipped = convolve(maps, w[:, :, ::-1, ::-1])
    pooled = max_pool(np.arange(2 * 7 * 5, dtype=float).reshape(2, 7, 5), (3, 2))
    pool_ok = pooled.shape == (2, 2, 2) and pooled[0, 0, 0] == 11 and pooled[1, 1, 1] == 35 + 28
    ok = diff < 1e-12 and np.max(np.abs(flipped - slow)) > 1e-3 and pool_ok
    print(f"self-test: convolution vs definition max |diff| {diff:.3g}; pooling {'ok' if pool_ok else 'WRONG'}")
    return 0 if ok else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", nargs="?")
    parser.add_argument("expected", nargs="?")
    parser.add_argument("--mnist", default=None, help="folder with t10k-images-idx3-ubyte[.gz]")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if not args.model or not args.expected:
        parser.print_usage(sys.stderr)
        return 2
    try:
        shape, steps = load_model(args.model)
        with open(args.expected) as f:
            expected = json.load(f)
        indices, outputs = expected["images"], expected["outputs"]
        if len(indices) != len(outputs) or not indices:
            raise BadInput(f"{args.expected}: {len(indices)} image indices but {len(outputs)} outputs")
        images = read_idx_images(args.mnist or default_mnist_dir())
        if int(np.prod(shape)) != images.shape[1] * images.shape[2]:
            raise BadInput(f"the model takes {list(shape)} inputs, the images are {images.shape[1]}x{images.shape[2]}")
    except (OSError, KeyError, ValueError, TypeError, BadInput) as e:
        print(f"error: {e}" if isinstance(e, BadInput) else f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    worst, argmax_mismatches = 0.0, 0
    for index, java in zip(indices, outputs):
        x = images[index].reshape(-1)
        try:
            for step in steps:
                x = step(x)
        except ValueError as e:  # shapes that load_model's checks let through
            print(f"error: image {index}: {e}", file=sys.stderr)
            return 2
        java = np.asarray(java, dtype=np.float64)
        if java.shape != x.shape:
            print(f"error: image {index}: {java.size} expected outputs, the model gives {x.size}", file=sys.stderr)
            return 2
        diff = float(np.max(np.abs(java - x)))
        worst = max(worst, diff)
        if np.argmax(java) != np.argmax(x):
            argmax_mismatches += 1
        if args.verbose or diff > args.tolerance:
            print(f"image {index}: max |diff| {diff:.3g}  numpy {np.round(x, 6).tolist()}  nndl4j {np.round(java, 6).tolist()}")
    ok = worst <= args.tolerance  # (within it, an argmax can differ only between outputs closer than 2 * tolerance)
    print(f"{len(indices)} images, {len(steps)} layers: max |nndl4j - numpy float64| = {worst:.3g} "
          f"(tolerance {args.tolerance:g}), argmax differs on {argmax_mismatches}: {'OK' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
