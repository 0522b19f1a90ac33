#!/bin/bash
# Per-step wall time of the real trainer (StepTimes.java: 40 second-order MAML steps, pooled Conv-4, 5-way 1-shot,
# 1 query, meta-batch 8 in one chunk) under each allocator, RSS over 600 steps (MamlLeak.java), and evaluation time
# (EvalTime.java) for the tree at $TREE (default /tmp/hy, a worktree of 26de207 with the tools built), one thread
# pinned to core 1, core 0 idle. `TREE=/tmp/base ./steps.sh base`: the hand-written gradient's (98c355f) tuned-glibc
# steps and evaluation only.
cd "$(dirname "$0")"
TREE=${TREE:-/tmp/hy}
PROGRAMS=../2026-12-02-maml-autograd
DATA=${OMNIGLOT_DIR:-$PWD/../../../../shared/datasets/omniglot}
CP="$TREE/services/meta-learning-tools/target/classes:$(cat "$TREE/services/meta-learning-tools/target/classpath.txt")"
. "$TREE/scripts/engine-allocator.sh"
# run [VAR=value ...] Program.java args: one JVM with those variables set.
run() {
  local vars=()
  while [[ "$1" == *=* ]]; do vars+=("$1"); shift; done
  env "${vars[@]}" taskset -c 1 /usr/bin/time -f "(%e s wall %U user %S sys)" java -Xmx8g -Dai.djl.offline=true \
    -cp "$CP" "$@" 2>&1 | grep -v -e NNPACK -e INFO -e SLF4J
}
if [ "${1:-}" = base ]; then
  echo "== tuned glibc $(date -u +%T)"; run "${service_env[@]}" "$PROGRAMS/StepTimes.java" "$DATA"
  echo "== evaluation, jemalloc $(date -u +%T)"
  for net in pooled strided; do run "${engine_env[@]}" "$PROGRAMS/EvalTime.java" "$DATA" "$net"; done
  exit
fi
echo "== plain glibc $(date -u +%T)"; run "$PROGRAMS/StepTimes.java" "$DATA"
echo "== tuned glibc $(date -u +%T)"; run "${service_env[@]}" "$PROGRAMS/StepTimes.java" "$DATA"
echo "== jemalloc $(date -u +%T)"; run "${engine_env[@]}" "$PROGRAMS/StepTimes.java" "$DATA"
echo "== RSS, tuned glibc $(date -u +%T)"; run "${service_env[@]}" "$PROGRAMS/MamlLeak.java" "$DATA" 600
echo "== evaluation, jemalloc $(date -u +%T)"
for net in pooled strided; do run "${engine_env[@]}" "$PROGRAMS/EvalTime.java" "$DATA" "$net"; done
