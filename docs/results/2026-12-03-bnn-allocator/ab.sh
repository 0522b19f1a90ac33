#!/usr/bin/env bash
# A/B: FAITHFUL 5-step training steps in a fixed budget under three allocators, one thread, pinned to one core.
#   docs/results/2026-12-03-bnn-allocator/ab.sh CORE MODE...   (MODE: glibc | tuned | jemalloc)
# Each run is bench-reproduce's row with a 298 s budget: the stored extractor's 148 s of pretraining is charged
# first, so about 150 s train; then val and test on 10 episodes. One line per run: steps, CPU times, peak RSS.
# glibc: plain; tuned: service_env of scripts/engine-allocator.sh (what the services and MAML rows run on);
# jemalloc: engine_env there (retained pages). Run as ab.sh 0 glibc tuned jemalloc glibc tuned beside
# ab.sh 1 tuned jemalloc glibc tuned glibc (2026-12-03, engine 59c959e, from /work/ab with runs in /work/ab/runs).
set -u
core=$1; shift
cd "$(dirname "$0")/../../.."
. scripts/engine-allocator.sh
cp_="services/meta-learning-tools/target/classes:$(cat services/meta-learning-tools/target/classpath.txt)"
for mode in "$@"; do
  case $mode in
    glibc) envs=() ;;
    tuned) envs=("${service_env[@]}") ;;
    jemalloc) envs=("${engine_env[@]}") ;;
    *) echo "unknown allocator $mode" >&2; exit 2 ;;
  esac
  d=bench-results/bnn-allocator/$mode-c$core-$(date +%H%M%S); mkdir -p "$d"
  /usr/bin/time -f "%U user %S sys %M maxKB" -o "$d/time.txt" env "${envs[@]}" OMP_NUM_THREADS=1 taskset -c "$core" \
    java -Xmx8g -Dai.djl.offline=true -cp "$cp_" io.fewshot.ml.bench.Reproduction row --row amortized-bnn-5-faithful \
    --profile cpu --wall-seconds 298 --validate-seconds 100000 --test-episodes 10 --choice-episodes 10 --threads 1 \
    --data "${OMNIGLOT_DIR:-../shared/datasets/omniglot}" --out "$d/out" --runs "$d/runs" > "$d/log.txt" 2>&1
  echo "$mode core $core: $(grep -o 'trained [0-9]* steps in [0-9]* s' "$d/log.txt"); $(tail -1 "$d/time.txt"); $(date +%H:%M:%S)"
done
