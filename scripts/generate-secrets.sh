#!/usr/bin/env bash
# Writes the env files k8s/secrets/kustomization.yaml turns into Secrets, with random values.
# An existing file is kept (re-running never rotates a credential a running cluster uses).
#   scripts/generate-secrets.sh [--out DIR]      (default: k8s/secrets beside this script)
#   kubectl apply -k k8s/secrets
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/k8s/secrets"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
umask 077

random() { # 32 characters of [A-Za-z0-9] from the kernel's CSPRNG
  LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32
}

write() { # file, then KEY=VALUE lines
  local file="$out/$1"; shift
  if [ -e "$file" ]; then
    echo "kept    $file"
    return
  fi
  printf '%s\n' "$@" >"$file"
  echo "created $file"
}

write minio-root.env "MINIO_ROOT_USER=root-$(random | head -c 8)" "MINIO_ROOT_PASSWORD=$(random)"
for component in ingest trainer evaluator registry workflow; do
  write "s3-$component.env" "S3_ACCESS_KEY=fewshot-$component" "S3_SECRET_KEY=$(random)"
done
write db.env "QUARKUS_DATASOURCE_USERNAME=fewshot" "QUARKUS_DATASOURCE_PASSWORD=$(random)"
write registry.env "REGISTRY_WRITE_TOKEN=$(random)"
write ingest.env "INGEST_WRITE_TOKEN=$(random)"
