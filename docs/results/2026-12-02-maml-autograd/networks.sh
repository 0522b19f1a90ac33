#!/bin/bash
# MAML's two networks, before (worktree of 98c355f at $BASE) and after: forward+backward of one 80-image task and
# second-order training tasks/s over 30 s each; one thread on core 1, jemalloc with retained pages.
cd "$(dirname "$0")/../../.."
BASE=${BASE:-/tmp/base}
export OMNIGLOT_DIR=${OMNIGLOT_DIR:-$PWD/../shared/datasets/omniglot}
for tree in "$BASE" "$PWD"; do
  echo "== $(git -C "$tree" rev-parse --short HEAD) $(date -u +%T)"
  BENCH_THREADS=1 taskset -c 1 "$tree/scripts/bench-train.sh" networks 30 2>&1 | grep -E "^networks"
done
