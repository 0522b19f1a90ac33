#!/bin/bash
# Interleaved A/B of the real trainer's second-order MAML step (StepTimes.java: pooled Conv-4, 5-way 1-shot, 1 query,
# meta-batch 8 in one chunk; the median of steps 2-40), the hand-written gradient (/tmp/base, 98c355f) against this
# change (/tmp/hy, 26de207), under jemalloc and under the services' tuned glibc; one thread on core 1.
cd "$(dirname "$0")"
DATA=${OMNIGLOT_DIR:-$PWD/../../../../shared/datasets/omniglot}
. /tmp/hy/scripts/engine-allocator.sh
for allocator in jemalloc tuned-glibc; do
  if [ $allocator = jemalloc ]; then vars=("${engine_env[@]}"); else vars=("${service_env[@]}"); fi
  for tree in hy base hy base; do
    CP="/tmp/$tree/services/meta-learning-tools/target/classes:$(cat /tmp/$tree/services/meta-learning-tools/target/classpath.txt)"
    printf '%s %-4s %s ' "$allocator" "$tree" "$(date -u +%T)"
    env "${vars[@]}" taskset -c 1 java -Xmx8g -Dai.djl.offline=true -cp "$CP" ../2026-12-02-maml-autograd/StepTimes.java "$DATA" 2>&1 | grep 'steps ms' \
      | python3 -c "import sys, statistics; v = [int(x) for x in sys.stdin.read().split('steps ms:')[1].split()]; print('median step', statistics.median(v[1:]), 'ms')"
  done
done
