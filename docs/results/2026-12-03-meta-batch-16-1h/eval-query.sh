#!/usr/bin/env bash
# This page's two rows' best checkpoints tested under Finn et al.'s Omniglot protocol, one query per class, on 5,000
# test episodes each, by scripts/eval-query.sh, into <row>.query-1.eval.json. One row per core.
set -euo pipefail
cd "$(dirname "$0")/../../.."
page=docs/results/2026-12-03-meta-batch-16-1h
runs=bench-results/reproduce/2026-12-03-meta-batch-16-1h
. scripts/engine-classpath.sh # build once here, not in both runs below at the same time
taskset -c 0 scripts/eval-query.sh "$runs/maml" "$page/maml.query-1.eval.json" 5000 1 &
taskset -c 1 scripts/eval-query.sh "$runs/meta-sgd" "$page/meta-sgd.query-1.eval.json" 5000 1
wait $!
