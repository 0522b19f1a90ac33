#!/usr/bin/env bash
# Tails the result topic (fsl.results.registered.v1): one line per registered result.
#
#   scripts/watch-results.sh                      # Strimzi cluster "fewshot" in namespace fewshot
#   scripts/watch-results.sh --namespace ns --cluster name [--topic T] [--from-beginning]
#   scripts/watch-results.sh --bootstrap 127.0.0.1:9092   # a local broker (sweep-local), needs
#                                                         # kafka-console-consumer.sh on the PATH
# On Kubernetes it runs kafka-console-consumer inside the broker pod (kubectl exec), so nothing
# needs to be installed locally besides kubectl.
set -euo pipefail

namespace=fewshot
cluster=fewshot
topic=fsl.results.registered.v1
bootstrap=""
from=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --namespace|-n) namespace="${2:?--namespace needs a value}"; shift 2 ;;
    --cluster) cluster="${2:?--cluster needs a value}"; shift 2 ;;
    --topic) topic="${2:?--topic needs a value}"; shift 2 ;;
    --bootstrap) bootstrap="${2:?--bootstrap needs a value}"; shift 2 ;;
    --from-beginning) from=(--from-beginning); shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "watch-results: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

consumer_args=(--topic "$topic" --property print.key=true --property key.separator=' ' "${from[@]}")

if [[ -n "$bootstrap" ]]; then
  consumer=$(command -v kafka-console-consumer.sh || command -v kafka-console-consumer || true)
  if [[ -z "$consumer" ]]; then
    echo "watch-results: kafka-console-consumer(.sh) is not on the PATH; add Kafka's bin/ to it" >&2
    exit 127
  fi
  exec "$consumer" --bootstrap-server "$bootstrap" "${consumer_args[@]}"
fi

if ! command -v kubectl >/dev/null 2>&1; then
  echo "watch-results: kubectl is not on the PATH (or pass --bootstrap HOST:PORT for a local broker)" >&2
  exit 127
fi
pod=$(kubectl -n "$namespace" get pods -l "strimzi.io/cluster=$cluster,strimzi.io/broker-role=true" \
  -o jsonpath='{.items[0].metadata.name}' 2>/dev/null || true)
if [[ -z "$pod" ]]; then
  echo "watch-results: no Kafka broker pod of cluster '$cluster' in namespace '$namespace'" >&2
  exit 1
fi
exec kubectl -n "$namespace" exec -i "$pod" -c kafka -- \
  /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server localhost:9092 "${consumer_args[@]}"
