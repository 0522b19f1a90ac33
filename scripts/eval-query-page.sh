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
# One row per core of those this script may use, so that a caller's own taskset is kept: two pages scored at once
# under taskset -c 0 and -c 1 had both landed on core 0 (101 s each instead of about 47).
cores=()
IFS=, read -r -a ranges <<< "$(taskset -pc $$ | sed 's/.*: //')"
for range in "${ranges[@]}"; do
  for ((c = ${range%-*}; c <= ${range#*-}; c++)); do cores+=("$c"); done
done
pids=()
for row in "$@"; do
  taskset -c "${cores[${#pids[@]} % ${#cores[@]}]}" \
    scripts/eval-query.sh "$runs/$row" "$page/$row.query-1.eval.json" 5000 1 &
  pids+=($!)
done
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=$?; done # every row ends before the script does, failed or not
exit "$rc"
