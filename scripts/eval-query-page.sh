#!/usr/bin/env bash
# A bench-reproduce results page's rows tested under Finn et al.'s Omniglot protocol, one query per class, on 5,000
# test episodes each (scripts/eval-query.sh), into PAGE/<row>.query-1.eval.json: one row per core, at once.
#   scripts/eval-query-page.sh PAGE ROW [ROW...]     e.g. docs/results/2026-12-03-finn-protocol-1h maml meta-sgd
# The rows' checkpoints are read from bench-results/reproduce/<PAGE's folder name>/<row>.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
page=${1%/}
shift
runs=bench-results/reproduce/$(basename "$page")
. scripts/engine-classpath.sh # build once here, not in every row's run at the same time
core=0
pids=()
for row in "$@"; do
  taskset -c $((core % $(nproc))) scripts/eval-query.sh "$runs/$row" "$page/$row.query-1.eval.json" 5000 1 &
  pids+=($!)
  core=$((core + 1))
done
for pid in "${pids[@]}"; do wait "$pid"; done
