#!/usr/bin/env bash
# Engine benchmarks (not tests): throughput per method, Conv-4 GFLOP/s against SGEMM, Prototypical
# Networks' time to 95% on Omniglot 5-way 1-shot, and each baseline at a fixed CPU budget.
#   scripts/bench-train.sh [flops|throughput|proto-to-95|budget|networks|table|profile|bnn-steps] [seconds] [method]
# Default: flops and throughput (a few minutes). budget 1200 runs each baseline for 20 minutes.
# networks [seconds]: MAML's pooled against its strided (Finn et al.'s Omniglot) Conv-4, forward+backward
# time for 80 images and second-order tasks/s over [seconds] (default 30) of training each.
# table [repeats]: issue 14's three lines (Conv-4 fwd+bwd on 80 images, ProtoNet 60-way 1-shot 5-query
# episodes/s, MAML 2nd-order pooled tasks/s) with PyTorch 1.13's one-thread figures and the ratio, each
# over [repeats] (default 20) timed repeats: median wall time, mean process CPU time (BENCH_VERBOSE=1 prints the wall
# samples); run it with BENCH_THREADS=1 for the like-for-like table.
# profile [steps] [pooled|strided|ROW] [meta-batch]: where a training step's time goes, self time per PyTorch
# operator over [steps] (default 30) profiled steps; default the table's line (pooled, 8), the MAML row: strided 32;
# ROW, a reproduction row's id (e.g. amortized-bnn-5-faithful), profiles that row's cpu-profile step.
# bnn-steps [repeats]: a training step of each amortized-BNN row of bench-reproduce.sh (its cpu-profile spec),
# median wall and mean CPU time over [repeats] (default 20) steps; BENCH_THREADS=1 as the rows train.
# jemalloc is preloaded where installed, glibc's malloc tuned where not (scripts/engine-allocator.sh says why; the
# first line printed names the one used; FSB_ALLOCATOR=system for glibc's plain malloc).
# BENCH_THREADS sets PyTorch intra-op threads (default all cores). OMNIGLOT_DIR points at the folder with the two official zips (default ../shared/datasets/omniglot).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${OMNIGLOT_DIR:-../shared/datasets/omniglot}"
# The benchmarks live in meta-learning-tools; its classpath file names the engine's jar, rebuilt with it.
. scripts/engine-classpath.sh
cp=$engine_classpath
. scripts/engine-allocator.sh
echo "allocator: $engine_allocator"
run() { env "${engine_env[@]}" java -Xmx8g -Dai.djl.offline=true -cp "$cp" io.fewshot.ml.bench.TrainBenchmark "$data" "$@" 2>&1 | grep -v -e ' WARN ' -e 'INFO'; }
if [ $# -eq 0 ]; then
  run flops
  run throughput
else
  run "$@"
fi
