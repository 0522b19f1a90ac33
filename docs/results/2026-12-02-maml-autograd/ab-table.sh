#!/bin/bash
# Interleaved, two rounds: the engine table before this change (a worktree of 98c355f at $BASE), after it (this
# checkout), and PyTorch 1.13's, each under jemalloc with retained pages, one thread pinned to core 1, core 0 idle.
# Needs python3-torch, libopenblas0-pthread, libjemalloc2; BASE built with
# `mvn -o -pl services/meta-learning-tools -am package -DskipTests`.
cd "$(dirname "$0")/../../.."
BASE=${BASE:-/tmp/base}
export OMNIGLOT_DIR=${OMNIGLOT_DIR:-$PWD/../shared/datasets/omniglot}
J=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
for round in 1 2; do
  for tree in "$BASE" "$PWD"; do
    echo "== round $round ours $(git -C "$tree" rev-parse --short HEAD)$( [ "$tree" = "$PWD" ] && echo '+change') $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    BENCH_THREADS=1 taskset -c 1 /usr/bin/time -f "time %e s wall %U user %S sys" "$tree/scripts/bench-train.sh" table 20 2>&1 | grep -E "^table (Conv|Proto|MAML)|^time"
  done
  echo "== round $round pytorch $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  LD_PRELOAD=$J MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1,retain:true OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
    taskset -c 1 /usr/bin/time -f "time %e s wall %U user %S sys" /usr/bin/python3 scripts/bench-pytorch.py 20 2>&1 | grep -E "^pytorch|^time|^torch"
done
