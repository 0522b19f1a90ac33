#!/bin/bash
# MAML's two networks, before (98c355f at $BASE) and with the change (f5a048c at $AFTER): forward+backward of one 80-image task and
# second-order training tasks/s over 30 s each; one thread on core 1, jemalloc with retained pages.
cd "$(dirname "$0")/../../.."
# Both trees are worktrees with the tools built (mvn -o -pl services/meta-learning-tools -am package -DskipTests):
#   git worktree add /tmp/base 98c355f; git worktree add /tmp/ag f5a048c (this checkout is the revert: neither).
BASE=${BASE:-/tmp/base}
AFTER=${AFTER:-/tmp/ag}
export OMNIGLOT_DIR=${OMNIGLOT_DIR:-$PWD/../shared/datasets/omniglot}
for tree in "$BASE" "$AFTER"; do
  echo "== $(git -C "$tree" rev-parse --short HEAD) $(date -u +%T)"
  BENCH_THREADS=1 taskset -c 1 "$tree/scripts/bench-train.sh" networks 30 2>&1 | grep -E "^networks"
done
