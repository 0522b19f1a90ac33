#!/usr/bin/env bash
# This page's row's best checkpoint tested under Finn et al.'s Omniglot protocol, one query per class, on 5,000
# test episodes, into maml.query-1.eval.json.
exec "$(dirname "$0")/../../../scripts/eval-query-page.sh" docs/results/2026-12-03-meta-batch-16-1h-seed-2 maml
