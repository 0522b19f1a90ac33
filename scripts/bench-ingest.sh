#!/usr/bin/env bash
# Ingest benchmark (not a test): full Omniglot ingest wall time into a fresh in-process local stack
# (cold JVM, then warm), and the time to load it back from S3 into a FewShotDataset.
#   scripts/bench-ingest.sh [omniglot-folder]     (default ../shared/datasets/omniglot)
# CORES=2 (default) caps the JVM at that many processors, the issue's target machine.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/datasets/omniglot}"
module=services/ingest
cpfile="$module/target/bench-classpath.txt"
if [ ! -f "$cpfile" ] || [ -n "$(find "$module/src" -newer "$cpfile" -print -quit)" ]; then
  mvn -B -q -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$(pwd)/$cpfile" -Dmdep.includeScope=test >&2
fi
cp="$module/target/test-classes:$module/target/classes:$(cat "$cpfile")"
exec java -XX:ActiveProcessorCount="${CORES:-2}" -Xmx4g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$cp" io.fewshot.ingest.bench.IngestBenchmark "$data"
