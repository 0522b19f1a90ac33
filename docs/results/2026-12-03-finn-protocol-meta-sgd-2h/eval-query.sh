#!/usr/bin/env bash
# This page's Meta-SGD best checkpoint tested under Finn et al.'s Omniglot protocol, one query per class, on 5,000
# test episodes, by scripts/eval-query.sh, into meta-sgd.query-1.eval.json.
set -euo pipefail
cd "$(dirname "$0")/../../.."
scripts/eval-query.sh bench-results/reproduce/2026-12-03-finn-protocol-meta-sgd-2h/meta-sgd \
  docs/results/2026-12-03-finn-protocol-meta-sgd-2h/meta-sgd.query-1.eval.json 5000 1
