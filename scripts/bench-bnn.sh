#!/usr/bin/env bash
# Benchmarks of the amortized BNN (issue 5). Not a test: the figures go in the closing note.
#   scripts/bench-bnn.sh flipout              Flipout dense fwd+bwd time / deterministic dense
#   scripts/bench-bnn.sh omniglot [configs]   Omniglot 5-way 1-shot, cpu profile, under a wall budget;
#                                             configs default: faithful-1 faithful-5 improved-1 maml;
#                                             each BNN result is followed by the same network with sigma = 0
#   scripts/bench-bnn.sh centroid [config]    nearest centroid on the backbone of the config (default
#                                             improved-1; same overrides), no meta-training: IMPROVED's baseline
#   scripts/bench-bnn.sh search [config]      objective x beta x initial log-variance: BENCH_SEARCH_STEPS short runs
#                                             (default 150) of the config (default faithful-1), one table
#                                             row each: val acc/NLL/ECE as trained and with sigma = 0.
#                                             BENCH_OBJECTIVES (objective:draws, default "elbo:1"; e.g.
#                                             "elbo:3 predictive:3"), BENCH_BETAS (default "0 1e-4 1e-2 1"), BENCH_LOGVARS (default
#                                             "-8 -5 -2"), BENCH_VAL_EPISODES (default 100), BENCH_META_BATCH
#                                             (default 4), BENCH_TRAIN_QUERY (default 5), BENCH_SEEDS
#                                             (default "1", one row per seed); 1 thread unless
#                                             BENCH_THREADS says otherwise
# Environment: BENCH_WALL_SECONDS (training budget per config, default 1200 = 20 min),
#   BENCH_THREADS (intra-op threads, default 2), BENCH_RUNS (run folders, default runs/bench-bnn),
#   FSB_FEATURE_EXTRACTORS (pretrained backbone store, default ~/.fewshot/feature-extractors),
#   DATA (default ../shared/datasets/omniglot); for a quick check that it runs:
#   BENCH_TEST_EPISODES (default: the cpu profile's 600), BENCH_PRETRAIN_STEPS (default 2000),
#   BENCH_REPS (timed passes per Flipout measurement, default 30), BENCH_BETA (KL weight, for the beta search).
#   The backbone is pretrained once (2000 steps) on a store miss; that time is reported separately from the
#   training budget.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-flipout}
shift || true
# Package in the reactor (no install into ~/.m2): BnnBench lives in meta-learning-tools, whose classpath file
# names the engine's jar.
. scripts/engine-classpath.sh
cp=$engine_classpath
. scripts/engine-allocator.sh
# Training the BNN under jemalloc's retained pages grew it to 8-15 GB (engine-allocator.sh): only the Flipout
# micro-benchmark keeps jemalloc; the rest runs on glibc tuned as bench-reproduce runs the BNN rows (why: there).
[ "$mode" = flipout ] || { engine_env=("${service_env[@]}"); engine_allocator="glibc malloc, tuned"; }
echo "allocator: $engine_allocator"
java() { env "${engine_env[@]}" java "$@"; }
java_opts=(-Dai.djl.offline=true -Xmx4g -Dbench.reps="${BENCH_REPS:-30}")
threads=${BENCH_THREADS:-2}
case "$mode" in
  flipout)
    java "${java_opts[@]}" -cp "$cp" io.fewshot.ml.bench.BnnBench flipout 1
    java "${java_opts[@]}" -cp "$cp" io.fewshot.ml.bench.BnnBench flipout "$threads"
    ;;
  omniglot)
    configs=${*:-faithful-1 faithful-5 improved-1 maml}
    for c in $configs; do
      java "${java_opts[@]}" -cp "$cp" io.fewshot.ml.bench.BnnBench omniglot "$c" \
        "${DATA:-../shared/datasets/omniglot}" "${BENCH_RUNS:-runs/bench-bnn}" "${BENCH_WALL_SECONDS:-1200}" "$threads"
    done
    ;;
  centroid)
    java "${java_opts[@]}" -cp "$cp" io.fewshot.ml.bench.BnnBench centroid "${1:-improved-1}" \
      "${DATA:-../shared/datasets/omniglot}" "${BENCH_THREADS:-1}"
    ;;
  search)
    java "${java_opts[@]}" -cp "$cp" io.fewshot.ml.bench.BnnBench search "${1:-faithful-1}" \
      "${DATA:-../shared/datasets/omniglot}" "${BENCH_RUNS:-runs/bench-bnn-search}" "${BENCH_SEARCH_STEPS:-150}" \
      "${BENCH_THREADS:-1}"
    ;;
  *) echo "usage: $0 flipout | omniglot [configs...] | centroid [config] | search [config]" >&2; exit 2 ;;
esac
