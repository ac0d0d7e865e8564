#!/usr/bin/env bash
# nndl4j's `benchmark --layers` and PyTorch (scripts/pytorch_conv_benchmark.py) side by side: the same networks,
# batch sizes, sample counts and epochs, INTERLEAVED (nndl4j, torch, nndl4j, torch, ... for R rounds) so that both
# see the same machine load, at an equal number of threads; prints each run's line as it comes, then the median
# samples/s per (network, batch, engine) over the rounds, and the load average at the start and the end.
#
# Usage:
#   scripts/conv_benchmark.sh [options] [NETWORK ...]
#
#   NETWORK        basic_conv  = conv:20:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10   (network3.py's first conv net)
#                  dbl_conv    = conv:20:5x5,conv:40:5x5,fc:100,softmax:10                 (its two conv-pool layers)
#                  or any --layers SPEC on 1x28x28 inputs; default: basic_conv dbl_conv
#   -r, --rounds R      rounds of (nndl4j, torch) per network and batch (default 3)
#   -t, --threads N     threads for both engines (default 1): OPENBLAS_NUM_THREADS=N and -XX:ActiveProcessorCount=N
#                       for nndl4j, torch.set_num_threads(N) for PyTorch, and both pinned to CPUs 0..N-1 by taskset
#                       (when taskset exists; --no-taskset to leave it out)
#   -b, --batch B       mini-batch size; repeatable (default: 10 100)
#   -s, --samples S     samples per epoch (default 20000)
#   -e, --epochs E      timed epochs, the median is each run's result (default 5); --warmup W untimed first (default 2)
#   --jar JAR           nndl4j's jar (default target/nndl4j.jar, built by `mvn -q package -DskipTests` if absent)
#   --python PY         the python with torch (default python3)
#   --log FILE          also keep every run's line in FILE (default: a temporary file, removed at the end)
#
# Both engines train on random inputs in [0, 1) with random labels, shuffled every epoch, eta 0.1, no L2, after
# their untimed warm-up epochs; each run is a fresh process (JVM, python). The numbers are samples/s of the
# median timed epoch. Run from anywhere; paths are relative to the repository root. Needs torch for python
# (`pip install --no-deps --no-index torch`), only for this script.
#
# Example (2 rounds, basic_conv at batch 10 on one core):
#   scripts/conv_benchmark.sh -r 2 -t 1 -b 10 basic_conv
set -euo pipefail

cd "$(dirname "$0")/.."
rounds=3 threads=1 samples=20000 epochs=5 warmup=2 jar=target/nndl4j.jar python=python3 use_taskset=1 log=""
batches=() networks=()
while [ $# -gt 0 ]; do
  case "$1" in
    -r|--rounds) rounds=$2; shift 2 ;;
    -t|--threads) threads=$2; shift 2 ;;
    -b|--batch) batches+=("$2"); shift 2 ;;
    -s|--samples) samples=$2; shift 2 ;;
    -e|--epochs) epochs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --no-taskset) use_taskset=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) networks+=("$1"); shift ;;
  esac
done
[ ${#batches[@]} -gt 0 ] || batches=(10 100)
[ ${#networks[@]} -gt 0 ] || networks=(basic_conv dbl_conv)

spec_of() {
  case "$1" in
    basic_conv) echo "conv:20:5x5:pool=2x2:sigmoid,fc:100:sigmoid,softmax:10" ;;
    dbl_conv) echo "conv:20:5x5,conv:40:5x5,fc:100,softmax:10" ;;
    *) echo "$1" ;;
  esac
}

if [ ! -f "$jar" ]; then
  echo "# building $jar: mvn -q package -DskipTests" >&2
  mvn -q package -DskipTests
fi
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "error: $python cannot import torch (pip install --no-deps --no-index torch)" >&2
  exit 1
fi

pin=()
if [ "$use_taskset" = 1 ] && command -v taskset >/dev/null; then
  cpus=$(nproc --all)
  if [ "$threads" -gt "$cpus" ]; then
    echo "error: --threads $threads but only $cpus CPUs to pin to (or give --no-taskset)" >&2
    exit 2
  fi
  pin=(taskset -c "0-$((threads - 1))")
fi

keep_log=1
if [ -z "$log" ]; then
  log=$(mktemp); keep_log=0
fi
: > "$log"
trap '[ "$keep_log" = 1 ] || rm -f "$log"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
start_load=$(load)
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, load average at start: $start_load"
echo "# threads=$threads rounds=$rounds samples=$samples epochs=$epochs warmup=$warmup pin=${pin[*]:-none}"
echo "# nndl4j: $jar (built $(date -u -r "$jar" '+%H:%M UTC'); checkout $(git rev-parse --short HEAD 2>/dev/null || echo '?')); $("$python" -c 'import torch; print("torch", torch.__version__)')"

# run ENGINE NETWORK BATCH ROUND: one run, its result line echoed and appended to the log as
# "NETWORK BATCH ENGINE ROUND SAMPLES_PER_S"
run() {
  local engine=$1 name=$2 batch=$3 round=$4 spec line
  spec=$(spec_of "$name")
  if [ "$engine" = nndl4j ]; then
    line=$(OPENBLAS_NUM_THREADS=$threads "${pin[@]}" java -XX:ActiveProcessorCount="$threads" -jar "$jar" benchmark \
      --backend cpu --layers "$spec" --batch-size "$batch" --samples "$samples" --epochs "$epochs" --warmup "$warmup" \
      2>&1 | grep '^backend=' || true)
  else
    line=$("${pin[@]}" "$python" scripts/pytorch_conv_benchmark.py --layers "$spec" --batch-size "$batch" \
      --threads "$threads" --samples "$samples" --epochs "$epochs" --warmup "$warmup" 2>&1 | grep '^backend=' || true)
  fi
  if [ -z "$line" ]; then
    echo "round $round $engine $name batch=$batch: FAILED (no result line)" >&2
    return
  fi
  echo "round $round $engine $name [load $(load)]: $line"
  echo "$name $batch $engine $round $(sed -n 's/.*samples\/s=\([0-9.]*\).*/\1/p' <<< "$line")" >> "$log"
}

for round in $(seq 1 "$rounds"); do
  for name in "${networks[@]}"; do
    for batch in "${batches[@]}"; do
      run nndl4j "$name" "$batch" "$round"
      run torch "$name" "$batch" "$round"
    done
  done
done

end_load=$(load)
echo
echo "median samples/s over $rounds rounds, $threads thread(s); load average at start $start_load, at end $end_load"
printf '%-12s %6s %8s %10s   %s\n' network batch engine median "per round"
for name in "${networks[@]}"; do
  for batch in "${batches[@]}"; do
    for engine in nndl4j torch; do
      values=$(awk -v n="$name" -v b="$batch" -v e="$engine" '$1 == n && $2 == b && $3 == e { print $5 }' "$log")
      median=$(sort -g <<< "$values" | awk 'NF { v[++k] = $1 } END { if (k == 0) print "-"; else if (k % 2) printf "%.0f\n", v[(k + 1) / 2]; else printf "%.0f\n", (v[k / 2] + v[k / 2 + 1]) / 2 }')
      printf '%-12s %6s %8s %10s   %s\n' "$name" "$batch" "$engine" "$median" "$(echo $values | tr ' ' '/')"
    done
  done
done
