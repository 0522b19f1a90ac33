#!/usr/bin/env bash
# Follows a sweep with `fsb watch` (bars per cell, the table at the end) from inside the cluster:
# a throwaway pod of the cli image (kubectl run --rm -i) that reads the cluster's Kafka bootstrap
# address and registry URL from ConfigMap fewshot-config, carries the kafka-client and
# registry-client labels the NetworkPolicies admit, and passes Pod Security "restricted".
# Nothing to install locally besides kubectl; nothing runs inside the brokers.
#
#   scripts/watch-results.sh --sweep ID [--namespace fewshot] [--image-tag TAG] [--timeout 30m] [--plain]
#   scripts/watch-results.sh --bootstrap 127.0.0.1:9092 [--from-beginning]
#       (a local broker, e.g. sweep-local: tails fsl.results.registered.v1; needs
#        kafka-console-consumer.sh on the PATH)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
namespace=fewshot
image="$(pom_property image.registry)/fsb"
image_tag="$(pom_property image.tag)"   # the images' one tag source (scripts/build-images.sh)
sweep=""
bootstrap=""
topic=fsl.results.registered.v1
watch_args=()
from=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sweep) sweep="${2:?--sweep needs a value}"; shift 2 ;;
    --namespace|-n) namespace="${2:?--namespace needs a value}"; shift 2 ;;
    --image-tag) image_tag="${2:?--image-tag needs a value}"; shift 2 ;;
    --timeout) watch_args+=(--timeout "${2:?--timeout needs a value}"); shift 2 ;;
    --plain) watch_args+=(--plain); shift ;;
    --bootstrap) bootstrap="${2:?--bootstrap needs a value}"; shift 2 ;;
    --topic) topic="${2:?--topic needs a value}"; shift 2 ;;
    --from-beginning) from=(--from-beginning); shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "watch-results: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -n "$bootstrap" ]]; then
  consumer=$(command -v kafka-console-consumer.sh || command -v kafka-console-consumer || true)
  if [[ -z "$consumer" ]]; then
    echo "watch-results: kafka-console-consumer(.sh) is not on the PATH; add Kafka's bin/ to it" >&2
    exit 127
  fi
  exec "$consumer" --bootstrap-server "$bootstrap" --topic "$topic" \
    --property print.key=true --property key.separator=' ' "${from[@]}"
fi

if [[ -z "$sweep" ]]; then
  echo "watch-results: --sweep ID is required on a cluster (the Argo workflow's name is the sweep id)" >&2
  exit 2
fi
if ! command -v kubectl >/dev/null 2>&1; then
  echo "watch-results: kubectl is not on the PATH (or pass --bootstrap HOST:PORT for a local broker)" >&2
  exit 127
fi

args_json="\"watch\", \"--sweep\", \"$sweep\""
for arg in "${watch_args[@]}"; do
  args_json="$args_json, \"$arg\""
done
# The pod: fsb's environment from the cluster's ConfigMap, a read-only root with a small /tmp.
overrides=$(cat <<JSON
{"apiVersion": "v1", "spec": {
  "securityContext": {"runAsNonRoot": true, "runAsUser": 185, "runAsGroup": 185, "seccompProfile": {"type": "RuntimeDefault"}},
  "containers": [{
    "name": "fsb-watch", "image": "$image:$image_tag", "stdin": true, "tty": false,
    "args": [$args_json],
    "envFrom": [{"configMapRef": {"name": "fewshot-config"}}],
    "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "capabilities": {"drop": ["ALL"]}},
    "resources": {"requests": {"cpu": "100m", "memory": "256Mi"}, "limits": {"memory": "512Mi"}},
    "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}]}],
  "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]}}
JSON
)
exec kubectl -n "$namespace" run "fsb-watch-$(date +%s)" --rm -i --restart=Never --quiet \
  --image "$image:$image_tag" \
  --labels "app.kubernetes.io/name=fsb-watch,app.kubernetes.io/part-of=fewshot-bench,fewshot.io/kafka-client=true,fewshot.io/registry-client=true" \
  --overrides "$overrides"
