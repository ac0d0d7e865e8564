#!/usr/bin/env python3
"""network2's training step (sigmoid layers, cross-entropy, SGD with L2) in PyTorch, on the CPU or a GPU, for
side-by-side throughput against `nndl4j benchmark --sizes`.

  python3 scripts/pytorch_step_benchmark.py --sizes 784,30,10 --batch-size 10 [--device cpu|cuda] [--threads N]
                                            [--autograd] [--cuda-graph] [--samples 50000] [--epochs 5] [--warmup 2]

Needs torch (`pip install --no-deps --no-index torch` installs this machine's local CPU wheel; the GPU machine has
a CUDA build). Only for this comparison, never a dependency of the Java build.

The same work per mini-batch as nndl4j's engine, written as a PyTorch user would: the data stays on the device,
each epoch a fresh shuffle, a gathered mini-batch, forward W·A + b and sigmoid per layer, the output error a − y
(cross-entropy's), backward through the weights, and network2's update w ← (1 − ηλ/n)·w − (η/m)·∇w,
b ← b − (η/m)·∇b. By hand (plain tensor ops, one GEMM per layer per pass), or with --autograd (the cost's
gradient by loss.backward(), binary cross-entropy on the sigmoid output). With --cuda-graph (GPU only) one step is
captured with torch.cuda.graph after warm-up and replayed per mini-batch, the mini-batch copied into the graph's
static input first: PyTorch's own answer to launch overhead, the peer of nndl4j's graph path. The last mini-batch
of an epoch is dropped when it is short, so every step has the same shape.

Prints one line per run in the shape of nndl4j's:

  backend=torch-cuda sizes=784,30,10 batch=10 samples/s=MEDIAN gflops=G range=MIN..MAX epochs=E samples=S steps=...

GFLOP/s counts 6·Σ n_in·n_out per sample, as `nndl4j benchmark` does.
"""
import argparse
import statistics
import time

import torch


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="784,30,10")
    p.add_argument("--batch-size", type=int, default=10)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (CPU); 0 leaves PyTorch's default")
    p.add_argument("--autograd", action="store_true")
    p.add_argument("--cuda-graph", action="store_true")
    p.add_argument("--samples", type=int, default=50000)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--eta", type=float, default=0.1)
    p.add_argument("--lmbda", type=float, default=0.0)
    return p.parse_args()


def main():
    args = parse()
    if args.cuda_graph and args.device != "cuda":
        raise SystemExit("error: --cuda-graph needs --device cuda")
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    sizes = [int(s) for s in args.sizes.split(",")]
    batch, n = args.batch_size, args.samples
    g = torch.Generator().manual_seed(1)
    x = torch.rand(n, sizes[0], generator=g).to(dev)  # row-major: one sample per row
    labels = torch.randint(0, sizes[-1], (n,), generator=g)
    y = torch.nn.functional.one_hot(labels, sizes[-1]).float().to(dev)
    ws = [(torch.randn(o, i, generator=g) / i ** 0.5).to(dev) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [torch.randn(o, generator=g).to(dev) for o in sizes[1:]]
    if args.autograd:
        for t in ws + bs:
            t.requires_grad_(True)
    decay = 1 - args.eta * args.lmbda / n
    scale = args.eta / batch

    def step_by_hand(xb, yb):
        activations = [xb]
        for w, b in zip(ws, bs):
            activations.append(torch.sigmoid(torch.addmm(b, activations[-1], w.t())))
        delta = activations[-1] - yb
        for layer in range(len(ws) - 1, -1, -1):
            grad_w = delta.t() @ activations[layer]
            grad_b = delta.sum(0)
            if layer > 0:
                a = activations[layer]
                delta = (delta @ ws[layer]) * a * (1 - a)
            ws[layer].mul_(decay).sub_(grad_w, alpha=scale)
            bs[layer].sub_(grad_b, alpha=scale)

    def step_autograd(xb, yb):
        a = xb
        for w, b in zip(ws, bs):
            a = torch.sigmoid(torch.addmm(b, a, w.t()))
        loss = torch.nn.functional.binary_cross_entropy(a, yb, reduction="sum")
        loss.backward()
        with torch.no_grad():
            for w, b in zip(ws, bs):
                w.mul_(decay).sub_(w.grad, alpha=scale)
                b.sub_(b.grad, alpha=scale)
                w.grad = None
                b.grad = None

    step = step_autograd if args.autograd else step_by_hand
    steps_per_epoch = n // batch
    replay = None
    if args.cuda_graph:
        static_x = torch.zeros(batch, sizes[0], device=dev)
        static_y = torch.zeros(batch, sizes[-1], device=dev)
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):  # warm-up on a side stream, as PyTorch's CUDA graph notes advise
            for _ in range(3):
                step(static_x, static_y)
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            step(static_x, static_y)

        def replay(xb, yb):
            static_x.copy_(xb)
            static_y.copy_(yb)
            graph.replay()

    rates = []
    for epoch in range(args.warmup + args.epochs):
        if dev.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        order = torch.randperm(n, generator=g).to(dev)
        for k in range(steps_per_epoch):
            idx = order[k * batch:(k + 1) * batch]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            (replay or step)(xb, yb)
        if dev.type == "cuda":
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        if epoch >= args.warmup:
            rates.append(steps_per_epoch * batch / seconds)
            print(f"# epoch {epoch}: {seconds:.3f} s")
    median = statistics.median(rates)
    flops = 6 * sum(i * o for i, o in zip(sizes[:-1], sizes[1:]))
    how = ("autograd" if args.autograd else "by hand") + (", CUDA graph" if args.cuda_graph else "")
    threads = f" threads={torch.get_num_threads()}" if dev.type == "cpu" else ""
    print(f"backend=torch-{dev.type}{threads} sizes={args.sizes} batch={batch} samples/s={median:.0f} "
          f"gflops={median * flops / 1e9:.1f} range={min(rates):.0f}..{max(rates):.0f} epochs={len(rates)} "
          f"samples={steps_per_epoch * batch} steps={how} torch={torch.__version__}")


if __name__ == "__main__":
    main()
