#!/bin/bash
# Issue 14's engine table (scripts/bench-train.sh table 20, one thread) and PyTorch 1.13's
# (scripts/bench-pytorch.py 20), interleaved, ROUNDS rounds (default 3), both under jemalloc with retained pages,
# pinned to CORE (default 0). TREE is a built checkout whose engine is measured (default: this one).
# Needs python3-torch, libopenblas0-pthread, libjemalloc2.
cd "$(dirname "$0")/../../.."
core=${CORE:-0} tree=${TREE:-$PWD}
export OMNIGLOT_DIR=${OMNIGLOT_DIR:-$PWD/../shared/datasets/omniglot}
J=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
for round in $(seq 1 "${ROUNDS:-3}"); do
  echo "== round $round ours $(git -C "$tree" rev-parse --short HEAD) $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  BENCH_THREADS=1 taskset -c "$core" /usr/bin/time -f "time %e s wall %U user %S sys" "$tree/scripts/bench-train.sh" table 20 2>&1 | grep -E "^table (Conv|Proto|MAML)|^time"
  echo "== round $round pytorch $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  LD_PRELOAD=$J MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1,retain:true OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
    taskset -c "$core" /usr/bin/time -f "time %e s wall %U user %S sys" /usr/bin/python3 scripts/bench-pytorch.py 20 2>&1 | grep -E "^pytorch|^time|^torch"
done
