#!/usr/bin/env bash
# A/B: the FAITHFUL 5-step row resumed from its step-500 checkpoint (a state that drifted into denormals),
# 150 s each, one thread, pinned to one core; without and with the flags that let the engine flush them.
set -u
core=${CORE:-0}
cd /work/main
cp_=$(echo services/meta-learning-tools/target/classes:$(cat services/meta-learning-tools/target/classpath.txt))
for mode in ${MODES:-off on}; do
  d=/tmp/ab-$mode-$RANDOM; rm -rf $d; mkdir -p $d/checkpoints
  cp /work/salvage/step-500.ckpt $d/checkpoints/; cp /work/salvage/spec.json $d/spec.json
  flags=(); [ $mode = on ] && flags=(--add-modules=jdk.incubator.foreign --enable-native-access=ALL-UNNAMED)
  start=$(date +%s)
  /usr/bin/time -f "%U user %S sys" -o $d/time.txt taskset -c $core timeout 150 java "${flags[@]}" -Xmx8g -Dai.djl.offline=true -cp "$cp_" io.fewshot.ml.cli.MetaLearningCli train \
    --spec $d/spec.json --data ../shared/datasets/omniglot --run-dir $d --threads 1 --no-eval > $d/log.txt 2>&1
  last=$(grep -o '[0-9]*/12000 ([0-9:]*' $d/log.txt | tail -1)
  first=$(grep -o '[0-9]*/12000 ([0-9:]*' $d/log.txt | head -1)
  echo "flush $mode: first progress $first, last $last; $(grep -c -i 'denormal' $d/log.txt) denormal warning line(s); $(cat $d/time.txt | tail -1)"
done
