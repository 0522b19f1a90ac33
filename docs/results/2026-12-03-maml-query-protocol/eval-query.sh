#!/usr/bin/env bash
# The best checkpoint of this page's MAML row tested under Finn et al.'s Omniglot protocol: one query per class
# (the spec's query set to 1; transductive batch norm then normalises each task's 5 queries, one per class, as in
# training). A copy of the run folder is scored, so the row's own eval.json stays as it is.
#   docs/results/2026-12-03-maml-query-protocol/eval-query.sh [episodes, default 5000] [query, default 1]
set -euo pipefail
cd "$(dirname "$0")/../../.."
page=docs/results/2026-12-03-maml-query-protocol
run=bench-results/reproduce/2026-12-03-maml-query-protocol/maml
episodes=${1:-5000} query=${2:-1}
module=services/meta-learning-tools
cp_="$module/target/classes:$(cat "$module/target/classpath.txt")"
copy=$(mktemp -d)
cp -r "$run"/. "$copy"/
python3 - "$run/spec.json" "$copy/spec-query.json" "$query" "$episodes" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["query"] = int(sys.argv[3])
spec["hyperparameters"]["testEpisodes"] = int(sys.argv[4])
json.dump(spec, open(sys.argv[2], "w"), indent=2)
PY
. scripts/engine-allocator.sh
env "${service_env[@]}" OMP_NUM_THREADS=1 java -Xmx4g -Dai.djl.offline=true -cp "$cp_" \
  io.fewshot.ml.cli.MetaLearningCli evaluate --spec "$copy/spec-query.json" --run-dir "$copy" \
  --data "${OMNIGLOT_DIR:-../shared/datasets/omniglot}" --threads 1 2>&1 | grep -v -e ' WARN ' -e ' INFO '
cp "$copy/eval.json" "$page/query-$query.eval.json"
rm -rf "$copy"
