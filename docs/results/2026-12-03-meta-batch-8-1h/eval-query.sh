#!/usr/bin/env bash
# This page's two rows' best checkpoints tested under Finn et al.'s Omniglot protocol, one query per class, on 5,000
# test episodes each, into <row>.query-1.eval.json, one row per core.
exec "$(dirname "$0")/../../../scripts/eval-query-page.sh" docs/results/2026-12-03-meta-batch-8-1h maml meta-sgd
