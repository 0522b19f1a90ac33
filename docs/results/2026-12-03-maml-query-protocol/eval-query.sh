#!/usr/bin/env bash
# The best checkpoint of this page's MAML row tested under Finn et al.'s Omniglot protocol (one query per class) by
# scripts/eval-query.sh, into this page's query-<query>.eval.json.
#   docs/results/2026-12-03-maml-query-protocol/eval-query.sh [episodes, default 5000] [query, default 1]
set -euo pipefail
cd "$(dirname "$0")/../../.."
page=docs/results/2026-12-03-maml-query-protocol
query=${2:-1}
scripts/eval-query.sh bench-results/reproduce/2026-12-03-maml-query-protocol/maml "$page/query-$query.eval.json" \
  "${1:-5000}" "$query"
