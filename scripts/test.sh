#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs prerequisites, then builds and tests every
# module. Tests train for seconds; long training lives in scripts/bench-*.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec mvn -B -ntp verify "$@"
