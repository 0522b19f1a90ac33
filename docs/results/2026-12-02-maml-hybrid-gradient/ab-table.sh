#!/bin/bash
# Interleaved, two rounds: the engine table with the hand-written gradient (98c355f at $BASE), with this change
# (26de207 at $AFTER), and
# PyTorch 1.13's, each under jemalloc with retained pages, one thread pinned to core 1, core 0 idle.
# Needs python3-torch, libopenblas0-pthread, libjemalloc2.
cd "$(dirname "$0")/../../.."
# Both trees are worktrees with the tools built (mvn -o -pl services/meta-learning-tools -am package -DskipTests):
#   git worktree add /tmp/base 98c355f; git worktree add /tmp/hy 26de207.
BASE=${BASE:-/tmp/base}
AFTER=${AFTER:-/tmp/hy}
export OMNIGLOT_DIR=${OMNIGLOT_DIR:-$PWD/../shared/datasets/omniglot}
J=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
for round in 1 2; do
  for tree in "$BASE" "$AFTER"; do
    echo "== round $round ours $(git -C "$tree" rev-parse --short HEAD) $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    BENCH_THREADS=1 taskset -c 1 /usr/bin/time -f "time %e s wall %U user %S sys" "$tree/scripts/bench-train.sh" table 20 2>&1 | grep -E "^table (Conv|Proto|MAML)|^time"
  done
  echo "== round $round pytorch $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  LD_PRELOAD=$J MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1,retain:true OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
    taskset -c 1 /usr/bin/time -f "time %e s wall %U user %S sys" /usr/bin/python3 scripts/bench-pytorch.py 20 2>&1 | grep -E "^pytorch|^time|^torch"
done
