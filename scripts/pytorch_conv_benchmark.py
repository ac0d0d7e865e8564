#!/usr/bin/env python3
"""network3.py's networks trained by PyTorch on the CPU, for side-by-side throughput against `nndl4j benchmark --layers`.

Usage:

  python3 scripts/pytorch_conv_benchmark.py --layers SPEC [--batch-size 10] [--threads 1] [--samples 20000]
                                            [--epochs 5] [--warmup 2] [--eta 0.1] [--lmbda 0] [--mnist DIR] [--seed 1]

  e.g.  python3 scripts/pytorch_conv_benchmark.py --layers conv:20:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10 \\
            --batch-size 10 --threads 1

  SPEC  = LAYER ("," LAYER)*, on 1x28x28 inputs, as nndl4j's --layers takes it:
          conv:FILTERS:HxW[:pool=PHxPW][:sigmoid|tanh|relu|linear]   (pool 2x2 and sigmoid by default, as
                                                                       network3.py's ConvPoolLayer)
          fc:N[:sigmoid|tanh|relu|linear][:dropout=P]                (sigmoid by default)
          softmax:N[:dropout=P]                                      (the last layer)

Needs torch (the CPU build; `pip install --no-deps --no-index torch` installs the machine's local wheel). It is
only for this comparison, never a dependency of the Java build.

What it runs, like `nndl4j benchmark`: `--samples` random inputs in [0, 1) with random labels (or, with --mnist DIR,
the t10k images and labels, repeated to fill --samples), each epoch a fresh shuffle, mini-batches of --batch-size
(the remainder left out, as network3.py does), `--warmup` untimed epochs then `--epochs` timed ones; it prints
one line per timed epoch (`# epoch ...`) and then the median in the shape of nndl4j's line:

  backend=torch-cpu threads=N layers=SPEC batch=B samples/s=MEDIAN gflops=G range=MIN..MAX epochs=E samples=S

with network3.py's math in each step: conv2d without bias, max_pool2d over non-overlapping windows with the
partial border dropped (network3's ignore_border=True is PyTorch's ceil_mode=False), then the per-channel bias
and the activation after pooling (PyTorch's conv2d would add its bias before pooling: 24x24 adds instead of 12x12,
so bias=False and a bias after pooling is the same work as network3's); fully connected x.w + b and activation;
dropout masks on the inputs of layers with p > 0 during training (inputs kept with probability 1 - p, not
rescaled, as network3.py does); log_softmax and the mean negative log-likelihood; plain SGD w -= eta * grad, with
L2 (--lmbda) as weight decay eta*lmbda/(mini-batches per epoch) on the weights only (network3.py's L2 term).
Weights start as network3.py's: N(0, 1/n_out) for conv (n_out = filters*h*w/pool area) and fully connected
layers, N(0, 1) biases, zeros for softmax.

One difference that does not change the work: PyTorch's conv2d is a cross-correlation and network3's (Theano's)
conv2d a true convolution, i.e. the same sums with the filters flipped; for throughput it makes no difference.

GFLOP/s counts 6 FLOPs per multiply-add of the forward pass (forward, backward to the inputs, weight gradient):
a conv layer's multiply-adds are filters*channels*h*w*out_h*out_w, a dense layer's n_in*n_out; pooling,
activations and biases are not counted. `nndl4j benchmark` counts the same way.
"""
import argparse
import gzip
import os
import re
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit("error: torch is not installed (pip install --no-deps --no-index torch installs the local CPU wheel)")

ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z}
INPUT = (1, 28, 28)


def parse_spec(spec):
    """The layers of SPEC as dicts, each with its input and output shape."""
    layers, shape = [], INPUT
    items = spec.split(",")
    for n, item in enumerate(items):
        parts = item.strip().split(":")
        kind = parts[0]
        if kind == "conv":
            if len(parts) < 3 or not re.fullmatch(r"\d+x\d+", parts[2]):
                sys.exit(f"error: layer '{item}': expected conv:FILTERS:HxW[:pool=PHxPW][:ACTIVATION]")
            filters = int(parts[1])
            kh, kw = map(int, parts[2].split("x"))
            pool, act = (2, 2), "sigmoid"
            for option in parts[3:]:
                if option.startswith("pool="):
                    pool = tuple(map(int, option[5:].split("x")))
                elif option in ACTIVATIONS:
                    act = option
                else:
                    sys.exit(f"error: unexpected '{option}' in layer '{item}'")
            c, h, w = shape
            oh, ow = h - kh + 1, w - kw + 1
            if oh < 1 or ow < 1 or oh // pool[0] < 1 or ow // pool[1] < 1:
                sys.exit(f"error: layer '{item}' does not fit its {c}x{h}x{w} input")
            out = (filters, oh // pool[0], ow // pool[1])
            layers.append(dict(kind="conv", filter=(filters, c, kh, kw), pool=pool, act=act, p=0.0,
                               macs=filters * c * kh * kw * oh * ow, out=out))
            shape = out
        elif kind in ("fc", "softmax"):
            if len(parts) < 2:
                sys.exit(f"error: layer '{item}' needs a size")
            size, act, p = int(parts[1]), "sigmoid", 0.0
            for option in parts[2:]:
                if option.startswith("dropout="):
                    p = float(option[8:])
                elif kind == "fc" and option in ACTIVATIONS:
                    act = option
                else:
                    sys.exit(f"error: unexpected '{option}' in layer '{item}'")
            n_in = shape[0] * shape[1] * shape[2]
            layers.append(dict(kind=kind, n_in=n_in, n_out=size, act=act, p=p, macs=n_in * size, out=(1, 1, size)))
            shape = (1, 1, size)
        else:
            sys.exit(f"error: unknown layer type '{kind}' (conv, fc or softmax)")
        if (kind == "softmax") != (n == len(items) - 1):
            sys.exit("error: the last layer, and only it, must be softmax:N")
    return layers


def init_parameters(layers, generator):
    params = []
    for layer in layers:
        if layer["kind"] == "conv":
            f, c, kh, kw = layer["filter"]
            n_out = f * kh * kw / (layer["pool"][0] * layer["pool"][1])
            w = torch.randn(layer["filter"], generator=generator) * (1 / n_out) ** 0.5
            b = torch.randn(f, generator=generator)
        elif layer["kind"] == "fc":
            w = torch.randn(layer["n_in"], layer["n_out"], generator=generator) * (1 / layer["n_out"]) ** 0.5
            b = torch.randn(layer["n_out"], generator=generator)
        else:
            w, b = torch.zeros(layer["n_in"], layer["n_out"]), torch.zeros(layer["n_out"])
        params.append((w.requires_grad_(), b.requires_grad_()))
    return params


def forward(layers, params, x, generator):
    """Training forward pass of network3.py's layers (output_dropout): log-probabilities of the mini-batch."""
    for layer, (w, b) in zip(layers, params):
        if layer["p"] > 0:
            x = x * torch.bernoulli(torch.full_like(x, 1 - layer["p"]), generator=generator)
        if layer["kind"] == "conv":
            pooled = F.max_pool2d(F.conv2d(x, w), layer["pool"])  # ceil_mode=False: the partial border is dropped
            x = ACTIVATIONS[layer["act"]](pooled + b.view(1, -1, 1, 1))
        else:
            z = x.reshape(x.shape[0], -1) @ w + b
            x = F.log_softmax(z, dim=1) if layer["kind"] == "softmax" else ACTIVATIONS[layer["act"]](z)
    return x


def read_t10k(directory):
    import numpy as np
    def read(name, offset):
        for path, opener in ((os.path.join(directory, name + ".gz"), gzip.open), (os.path.join(directory, name), open)):
            if os.path.isfile(path):
                with opener(path, "rb") as f:
                    return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
        sys.exit(f"error: {name}[.gz] not found in {directory}")
    images = read("t10k-images-idx3-ubyte", 16).reshape(-1, *INPUT).astype(np.float32) / 255
    labels = read("t10k-labels-idx1-ubyte", 8).astype(np.int64)
    return torch.from_numpy(images), torch.from_numpy(labels)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layers", required=True, metavar="SPEC")
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs, the median is reported")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--eta", type=float, default=0.1)
    parser.add_argument("--lmbda", type=float, default=0.0)
    parser.add_argument("--mnist", metavar="DIR", help="train on the t10k digits in DIR instead of random data")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.batch_size < 1 or args.samples < args.batch_size or args.epochs < 1 or args.warmup < 0 or args.threads < 1:
        sys.exit("error: need --batch-size >= 1, --samples >= --batch-size, --epochs >= 1, --warmup >= 0, --threads >= 1")
    torch.set_num_threads(args.threads)
    layers = parse_spec(args.layers)
    classes = layers[-1]["n_out"]
    generator = torch.Generator().manual_seed(args.seed)
    if args.mnist:
        images, labels = read_t10k(args.mnist)
        repeat = torch.arange(args.samples) % images.shape[0]
        x, y = images[repeat].contiguous(), labels[repeat] % classes
    else:
        x = torch.rand(args.samples, *INPUT, generator=generator)
        y = torch.randint(0, classes, (args.samples,), generator=generator)
    params = init_parameters(layers, generator)
    weights = [w for w, _ in params]
    batches = args.samples // args.batch_size
    decay = 1 - args.eta * args.lmbda / batches
    rates = []
    for epoch in range(args.warmup + args.epochs):
        start = time.perf_counter()
        order = torch.randperm(args.samples, generator=generator)
        for k in range(batches):
            idx = order[k * args.batch_size:(k + 1) * args.batch_size]
            loss = F.nll_loss(forward(layers, params, x[idx], generator), y[idx])
            for p in (t for pair in params for t in pair):
                p.grad = None
            loss.backward()
            with torch.no_grad():
                for w, b in params:
                    if decay != 1:
                        w.mul_(decay)
                    w.sub_(w.grad, alpha=args.eta)
                    b.sub_(b.grad, alpha=args.eta)
        if not all(torch.isfinite(w).all() for w in weights):
            sys.exit(f"error: training diverged in epoch {epoch}")
        seconds = time.perf_counter() - start
        rate = batches * args.batch_size / seconds
        timed = epoch >= args.warmup
        if timed:
            rates.append(rate)
        print(f"# epoch {epoch}{'' if timed else ' (warm-up)'}: {seconds:.3f} s, samples/s={rate:.0f}, "
              f"last loss {loss.item():.4f}", flush=True)
    median = statistics.median(rates)
    flops = 6 * sum(layer["macs"] for layer in layers)
    print(f"backend=torch-cpu threads={args.threads} layers={args.layers} batch={args.batch_size} samples/s={median:.0f} "
          f"gflops={median * flops / 1e9:.1f} range={min(rates):.0f}..{max(rates):.0f} epochs={len(rates)} "
          f"samples={args.samples}")


if __name__ == "__main__":
    main(sys.argv[1:])
