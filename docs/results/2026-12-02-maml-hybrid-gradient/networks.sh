#!/bin/bash
# MAML's two networks with the hand-written gradient (98c355f at $BASE), with f5a048c (reverted, at $REVERTED) and
# with this change (26de207 at $AFTER), two interleaved rounds: forward+backward of one 80-image task and second-order
# training tasks/s over 20 s each; one thread on core 1, jemalloc with retained pages.
cd "$(dirname "$0")/../../.."
# The trees are worktrees with the tools built (mvn -o -pl services/meta-learning-tools -am package -DskipTests):
#   git worktree add /tmp/base 98c355f; git worktree add /tmp/ag f5a048c; git worktree add /tmp/hy 26de207.
BASE=${BASE:-/tmp/base}
REVERTED=${REVERTED:-/tmp/ag}
AFTER=${AFTER:-/tmp/hy}
export OMNIGLOT_DIR=${OMNIGLOT_DIR:-$PWD/../shared/datasets/omniglot}
for round in 1 2; do
  for tree in "$BASE" "$REVERTED" "$AFTER"; do
    echo "== round $round $(git -C "$tree" rev-parse --short HEAD) $(date -u +%T)"
    BENCH_THREADS=1 taskset -c 1 "$tree/scripts/bench-train.sh" networks 20 2>&1 | grep -E "^networks"
  done
done
