#!/usr/bin/env bash
# A/B: FAITHFUL 5-step training steps in a fixed budget at several task-chunk sizes, one thread, pinned to one core.
#   docs/results/2026-12-05-bnn-task-chunks/ab.sh CORE CHUNK...   (CHUNK: tasks of the meta-batch of 32 whose graph
#   is built and back-propagated at once; 5 is what IMAGE_PASSES_PER_CHUNK gave this row before this page)
# Each run is bench-reproduce's row with a 298 s budget on the tuned glibc the BNN rows train on: the stored
# extractor's pretraining is charged first, so about 230 s train; then val and test on 10 episodes. One line per run:
# steps, CPU times, peak RSS.
set -u
core=$1; shift
cd "$(dirname "$0")/../../.."
. scripts/engine-allocator.sh
cp_="services/meta-learning-tools/target/classes:$(cat services/meta-learning-tools/target/classpath.txt)"
for chunk in "$@"; do
  d=bench-results/bnn-task-chunks/chunk-$chunk-c$core-$(date +%H%M%S); mkdir -p "$d"
  /usr/bin/time -f "%U user %S sys %M maxKB" -o "$d/time.txt" env "${service_env[@]}" OMP_NUM_THREADS=1 \
    taskset -c "$core" java -Xmx8g -Dai.djl.offline=true -cp "$cp_" io.fewshot.ml.bench.Reproduction row \
    --row amortized-bnn-5-faithful --profile cpu --wall-seconds 298 --validate-seconds 100000 --test-episodes 10 \
    --choice-episodes 10 --threads 1 --hyper "metaBatch=32,validateEvery=1000000,tasksPerChunk=$chunk" \
    --data "${OMNIGLOT_DIR:-../shared/datasets/omniglot}" --out "$d/out" --runs "$d/runs" > "$d/log.txt" 2>&1
  echo "chunk $chunk core $core: $(grep -o 'trained [0-9]* steps in [0-9]* s' "$d/log.txt"); $(tail -1 "$d/time.txt"); $(date +%H:%M:%S)"
done
