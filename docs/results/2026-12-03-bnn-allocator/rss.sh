#!/usr/bin/env bash
# FAITHFUL 5-step on one core under an allocator for a budget of WALL s (the stored extractor's 148 s of
# pretraining charged first), validating every 120 s; its RSS sampled every 30 s.
#   docs/results/2026-12-03-bnn-allocator/rss.sh CORE glibc|tuned WALL
# Run as rss.sh 0 tuned 1350 (2026-12-03, engine 59c959e, from /work/ab); rss-tuned.txt is its output.
set -u
core=$1 mode=$2 wall=$3
cd "$(dirname "$0")/../../.."
. scripts/engine-allocator.sh
case $mode in glibc) envs=() ;; tuned) envs=("${service_env[@]}") ;; *) echo "unknown allocator $mode" >&2; exit 2 ;; esac
cp_="services/meta-learning-tools/target/classes:$(cat services/meta-learning-tools/target/classpath.txt)"
d=bench-results/bnn-allocator/long-$mode-c$core; rm -rf "$d"; mkdir -p "$d"
env "${envs[@]}" OMP_NUM_THREADS=1 taskset -c "$core" java -Xmx8g -Dai.djl.offline=true -cp "$cp_" \
  io.fewshot.ml.bench.Reproduction row --row amortized-bnn-5-faithful --profile cpu --wall-seconds "$wall" \
  --validate-seconds 120 --test-episodes 100 --choice-episodes 50 --threads 1 \
  --data "${OMNIGLOT_DIR:-../shared/datasets/omniglot}" --out "$d/out" --runs "$d/runs" > "$d/log.txt" 2>&1 &
pid=$!
start=$(date +%s)
while kill -0 $pid 2>/dev/null; do
  echo "$(( $(date +%s) - start )) s $(ps -o rss= -p $pid 2>/dev/null | awk '{printf "%.0f MB", $1/1024}') $(grep -o 'val step [0-9]*' "$d/log.txt" | tail -1)" >> "$d/rss.txt"
  sleep 30
done
echo "done $(grep -o 'trained [0-9]* steps in [0-9]* s' "$d/log.txt")" >> "$d/rss.txt"
cat "$d/rss.txt"
