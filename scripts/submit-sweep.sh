#!/usr/bin/env bash
# Submits one benchmark sweep to Argo Workflows from the fewshot-sweep WorkflowTemplate.
#
#   scripts/submit-sweep.sh [--profile smoke|quick|cpu|paper] [--namespace fewshot] \
#       --omniglot-source URL [--miniimagenet-source URL] [--image-tag TAG] [-- ARGO_SUBMIT_ARGS...]
#
# Anything after "--" (or any option not listed above) goes to `argo submit` unchanged, e.g.
# `-- --watch` or `-- -p device=gpu`. Prerequisites: kubectl apply -k k8s/overlays/<cpu|gpu>
# and kubectl -n fewshot apply -f argo/ (see k8s/README.md).
set -euo pipefail

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

profile=smoke
namespace=fewshot
params=()
passthrough=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --profile) profile="${2:?--profile needs a value}"; shift 2 ;;
    --namespace|-n) namespace="${2:?--namespace needs a value}"; shift 2 ;;
    --omniglot-source) params+=(-p "omniglot-source=${2:?--omniglot-source needs a value}"); shift 2 ;;
    --miniimagenet-source) params+=(-p "miniimagenet-source=${2:?--miniimagenet-source needs a value}"); shift 2 ;;
    --image-tag) params+=(-p "image-tag=${2:?--image-tag needs a value}"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; passthrough+=("$@"); break ;;
    *) passthrough+=("$1"); shift ;;
  esac
done

case "$profile" in
  smoke|quick|cpu|paper) ;;
  *) echo "submit-sweep: unknown profile '$profile' (expected smoke, quick, cpu or paper)" >&2; exit 2 ;;
esac

if ! command -v argo >/dev/null 2>&1; then
  echo "submit-sweep: the argo CLI is not on the PATH." >&2
  echo "  Install the argo CLI of the same version as the cluster's Argo Workflows controller," >&2
  echo "  or submit by hand: kubectl -n $namespace create -f <a Workflow with workflowTemplateRef: {name: fewshot-sweep}>" >&2
  exit 127
fi

exec argo submit --namespace "$namespace" --from workflowtemplate/fewshot-sweep \
  --generate-name "fewshot-sweep-$profile-" -p "profile=$profile" "${params[@]}" "${passthrough[@]}"
