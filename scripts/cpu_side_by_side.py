#!/usr/bin/env python3
"""nndl4j's CPU engine, numpy and PyTorch's CPU build side by side on network2's training step, at equal threads.

  python3 scripts/cpu_side_by_side.py [--rounds 3] [--threads 1 2] [--shapes 784,30,10/10 784,30,10/100 ...]
                                      [--jar target/nndl4j.jar] [--no-taskset] [--log FILE]

For each shape (SIZES/BATCH) and thread count it runs, INTERLEAVED (one of each engine per round, so that all see the
same machine load), each engine as a fresh process on the same number of threads, pinned to CPUs 0..N-1 by taskset:

  nndl4j          java -jar JAR benchmark --backend cpu --threads N --sizes SIZES --batch-size BATCH
  numpy           scripts/numpy_throughput.py SIZES BATCH   (OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=N)
  torch           scripts/pytorch_step_benchmark.py --threads N             (plain tensor ops, one GEMM per layer per pass)
  torch-autograd  scripts/pytorch_step_benchmark.py --threads N --autograd  (the gradient by loss.backward())

All train sigmoid layers with the cross-entropy cost and network2's update on random inputs, shuffled every epoch,
samples/s of the median of 5 timed epochs after 2 untimed ones. Then it prints the median over the rounds per engine
and nndl4j's ratio to the fastest other engine, with the load average before and after. Needs torch
(`pip install --no-deps --no-index torch`) for the torch rows only; they are left out, with a line saying so, where
torch does not import.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SHAPES = ["784,30,10/10", "784,30,10/100", "784,1000,1000,10/100"]


def samples_for(sizes):
    """Enough samples for a steady epoch of a second or so: fewer for the big network."""
    macs = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return 50000 if macs < 1_000_000 else 10000


def commands(jar, sizes_text, batch, threads, samples):
    py = sys.executable
    step = os.path.join(ROOT, "scripts", "pytorch_step_benchmark.py")
    common = ["--sizes", sizes_text, "--batch-size", str(batch), "--samples", str(samples), "--threads", str(threads)]
    return {
        "nndl4j": ["java", "-jar", jar, "benchmark", "--backend", "cpu", "--threads", str(threads), "--sizes", sizes_text,
                   "--batch-size", str(batch), "--samples", str(samples)],
        "numpy": [py, os.path.join(ROOT, "scripts", "numpy_throughput.py"), sizes_text, str(batch), str(samples)],
        "torch": [py, step] + common,
        "torch-autograd": [py, step] + common + ["--autograd"],
    }


def run(cmd, threads, use_taskset):
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    if use_taskset:
        cmd = ["taskset", "-c", "0" if threads == 1 else f"0-{threads - 1}"] + cmd
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    m = re.search(r"samples/s=(\d+)", out.stdout)
    if out.returncode != 0 or not m:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return int(m.group(1)), out.stdout.strip().splitlines()[-1]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--shapes", nargs="+", default=DEFAULT_SHAPES, help="SIZES/BATCH, e.g. 784,30,10/10")
    p.add_argument("--jar", default=os.path.join(ROOT, "target", "nndl4j.jar"))
    p.add_argument("--no-taskset", action="store_true")
    p.add_argument("--log", help="also append every run's line to this file")
    args = p.parse_args()
    if not os.path.exists(args.jar):
        sys.exit(f"error: {args.jar} not found\nhint: build it with mvn -q package -DskipTests")
    use_taskset = not args.no_taskset and shutil.which("taskset") is not None
    engines = ["nndl4j", "numpy", "torch", "torch-autograd"]
    try:
        import torch  # noqa: F401
    except ImportError:
        engines = engines[:2]
        print("torch does not import: the torch rows are left out (pip install --no-deps --no-index torch)")
    print(f"load average at the start: {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs, taskset: {use_taskset}")
    started = time.time()
    results = {}
    log = open(args.log, "a") if args.log else None
    for shape in args.shapes:
        sizes_text, batch = shape.split("/")
        samples = samples_for([int(s) for s in sizes_text.split(",")])
        for threads in args.threads:
            cmds = commands(args.jar, sizes_text, int(batch), threads, samples)
            for r in range(args.rounds):
                for engine in engines:
                    rate, line = run(cmds[engine], threads, use_taskset)
                    results.setdefault((shape, threads, engine), []).append(rate)
                    print(f"round {r + 1} threads={threads} {engine:15s} {line}", flush=True)
                    if log:
                        log.write(f"{engine} threads={threads} {line}\n")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}; {time.time() - started:.0f} s")
    print(f"\nmedian samples/s over {args.rounds} interleaved rounds")
    header = "| threads | network, batch | " + " | ".join(engines) + " | nndl4j / best other |"
    print(header)
    print("|" + "---|" * (len(engines) + 3))
    for shape in args.shapes:
        sizes_text, batch = shape.split("/")
        for threads in args.threads:
            medians = {e: statistics.median(results[(shape, threads, e)]) for e in engines}
            best_other = max(v for e, v in medians.items() if e != "nndl4j")
            cells = " | ".join(f"{medians[e]:,.0f}" for e in engines)
            print(f"| {threads} | [{sizes_text}], {batch} | {cells} | {medians['nndl4j'] / best_other:.2f}× |")


if __name__ == "__main__":
    main()
