#!/usr/bin/env bash
# Scores a bench-reproduce row's kept checkpoint once more with another number of queries per class at test, on
# the test split's episodes (the row's test seed). Finn et al.'s Omniglot protocol tests MAML with one query per
# class: with transductive batch norm each task's query batch is then one image per class, as in training, and
# MAML and Meta-SGD score 2.2-2.9 points higher than with our 15 (docs/results/2026-12-03-maml-query-protocol,
# docs/results/2026-12-03-finn-protocol-1h and -meta-sgd-2h). A copy of the run folder is scored, so the row's own
# eval.json stays as it is; the result is written to OUT (an eval.json: accuracy, CI, NLL, ECE, provenance).
#   scripts/eval-query.sh RUN_DIR OUT [episodes, default 5000] [queries per class, default 1]
# RUN_DIR: bench-results/reproduce/<results folder>/<row>. One thread, glibc tuned as the services run it.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "eval-query: $*" >&2; exit 2; }
[ $# -ge 2 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
run=$1 out=$2 episodes=${3:-5000} query=${4:-1}
[ -f "$run/spec.json" ] || die "no spec.json in $run: not a bench-reproduce run folder"
for n in "$episodes" "$query"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive integer"; done
. scripts/engine-classpath.sh

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$run"/. "$copy"/
python3 - "$run/spec.json" "$copy/spec-query.json" "$query" "$episodes" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["query"] = int(sys.argv[3])
spec["hyperparameters"]["testEpisodes"] = int(sys.argv[4])
json.dump(spec, open(sys.argv[2], "w"), indent=2)
PY
. scripts/engine-allocator.sh
env "${service_env[@]}" OMP_NUM_THREADS=1 java -Xmx4g -Dai.djl.offline=true -cp "$engine_classpath" \
  io.fewshot.ml.cli.MetaLearningCli evaluate --spec "$copy/spec-query.json" --run-dir "$copy" \
  --data "${OMNIGLOT_DIR:-../shared/datasets/omniglot}" --threads 1 2>&1 \
  | { grep -v -e ' WARN ' -e ' INFO ' -e '^\[W[0-9]' || true; }
mkdir -p "$(dirname "$out")"
cp "$copy/eval.json" "$out"
