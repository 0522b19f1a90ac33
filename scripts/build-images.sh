#!/usr/bin/env bash
# Builds every image of the stack without a Docker daemon, with Jib (jib-maven-plugin; its
# configuration is in the root pom's pluginManagement and each image module's pom):
#   ingest, trainer, evaluator, registry, fsb (cli)  from the Maven build
#   trainer-gpu  the trainer plus PyTorch 2.7.1 cu128 natives fetched by DJL's own download at
#                build time and checked against services/trainer/src/main/jib/gpu-natives.sha256
#   minio        (--minio) MinIO RELEASE.2025-10-15T17-29-55Z built from its source tag with Go and
#                assembled with crane (MinIO publishes that release as source only)
#
#   scripts/build-images.sh                      # push to <image.registry>/<name>:<image.tag>
#   scripts/build-images.sh --tar                # OCI tarballs only: services/*/target/jib-image*.tar
#   scripts/build-images.sh --registry REG --tag T [--no-gpu] [--minio] [--record-gpu-checksums]
#   scripts/build-images.sh --base-image tar:///path/base.tar --tar   # a base image from a file
#
# The registry and tag default to the root pom's image.registry and image.tag (the one place the
# tag lives; ImagesTest keeps k8s/overlays and argo/ in step). Pushing uses the registry
# credentials Jib finds (docker credential helpers or ~/.docker/config.json; no daemon). Base
# images are pulled by digest, so the machine needs to reach their registries. After a push each
# image's digest is printed with the kustomize command that pins it in the overlays.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
registry="$(pom_property image.registry)"
tag="$(pom_property image.tag)"
goal=build
gpu=true
minio=false
record=false
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --tar) goal=buildTar; shift ;;
    --no-gpu) gpu=false; shift ;;
    --minio) minio=true; shift ;;
    --record-gpu-checksums) record=true; shift ;;
    --base-image) extra+=("-Dimage.base=${2:?--base-image needs a value}"); shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mvn=(mvn -B -ntp -DskipTests "-Dimage.registry=$registry" "-Dimage.tag=$tag" "${extra[@]}")
jib=com.google.cloud.tools:jib-maven-plugin

rm -f services/*/target/jib-image*   # no stale digest or tarball from an earlier build

# 1. The JVM images, one reactor build (modules that build no image skip Jib).
"${mvn[@]}" -pl services/ingest,services/trainer,services/evaluator,services/registry,services/cli -am \
  package "$jib:$goal"

# 2. The GPU trainer: DJL downloads the cu128 natives exactly as a pod would (same DJL, same
#    PyTorch version), into target/gpu-natives; every file must match the committed checksums.
if [[ "$gpu" == true ]]; then
  trainer=services/trainer
  natives="$trainer/target/gpu-natives"
  sums="$trainer/src/main/jib/gpu-natives.sha256"
  version="$(pom_property pytorch.native.version)"
  rm -rf "$natives" && mkdir -p "$natives/cache"
  classpath="$(ls "$trainer"/target/quarkus-app/lib/main/*.jar | grep -v 'pytorch-native-cpu' | paste -sd:)"
  # Engine start-up downloads, then loads the natives; without a GPU here the load may fail after
  # the download, which is all this step needs.
  printf 'try { ai.djl.engine.Engine.getEngine("PyTorch"); } catch (Throwable t) { System.out.println("load: " + t); }\n/exit\n' |
    PYTORCH_FLAVOR=cu128 PYTORCH_VERSION="$version" DJL_CACHE_DIR="$root/$natives/cache" \
    ENGINE_CACHE_DIR="$root/$natives/cache/pytorch" DJL_OFFLINE=false \
    jshell --class-path "$classpath" -R-Dai.djl.offline=false -q -
  downloaded="$(ls -d "$natives"/cache/pytorch/"$version"-cu128-linux-x86_64 2>/dev/null || true)"
  if [[ -z "$downloaded" ]]; then
    echo "build-images: DJL did not download PyTorch $version cu128 into $natives/cache" >&2
    exit 1
  fi
  mkdir -p "$natives/lib"
  cp -a "$downloaded"/. "$natives/lib/"
  if [[ ! -f "$sums" || "$record" == true ]]; then
    if [[ "$record" != true ]]; then
      echo "build-images: $sums is missing; run once with --record-gpu-checksums, review and commit it" >&2
      exit 1
    fi
    (cd "$natives/lib" && find . -type f | sort | xargs sha256sum) > "$sums"
    echo "build-images: recorded $(wc -l < "$sums") checksums in $sums: commit it"
  fi
  (cd "$natives/lib" && sha256sum --quiet -c "$root/$sums")
  extra_files="$(cd "$natives/lib" && find . -type f | sort | sed 's:^\./::' | grep -vxF -f <(sed 's:^[0-9a-f]*  \./::' "$root/$sums") || true)"
  if [[ -n "$extra_files" ]]; then
    echo "build-images: files not in $sums: $extra_files" >&2
    exit 1
  fi
  # The reactor rebuilds the trainer's module dependencies; a service among them (ingest) has no
  # gpu execution and is rebuilt with its own configuration: the same digest, so a no-op push.
  "${mvn[@]}" -pl "$trainer" -am package "$jib:$goal@gpu"
fi

# 3. MinIO from its source tag: a static binary on an empty base, no daemon (go, git and crane).
if [[ "$minio" == true ]]; then
  release="$(sed -n 's:.*image\: .*/minio\:\(RELEASE\.[0-9TZ-]*\).*:\1:p' k8s/base/minio/statefulset.yaml)"
  work="$(mktemp -d)"
  git clone -q --depth 1 --branch "$release" https://github.com/minio/minio "$work/src"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$work/root/usr/bin/minio" .)
  tar -C "$work/root" -cf "$work/layer.tar" usr
  image="$registry/minio:$release"
  if [[ "$goal" == buildTar ]]; then
    crane append --new_layer "$work/layer.tar" --new_tag "$image" --output "$work/minio-image.tar"
    echo "built $work/minio-image.tar (a tarball has no entrypoint: crane mutate needs a registry)"
  else
    crane append --new_layer "$work/layer.tar" --new_tag "$image"
    crane mutate "$image" --entrypoint /usr/bin/minio --user 1000:1000 --tag "$image"
  fi
fi

# 4. Digests, for pinning the overlays (k8s/README.md, "Pinning images by digest").
for digest in services/*/target/jib-image*.digest; do
  [[ -f "$digest" ]] || continue
  image="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["image"])' "${digest%.digest}.json" 2>/dev/null || true)"
  echo "built ${image:-$digest} @ $(cat "$digest")"
done
if [[ "$goal" == build ]]; then
  echo "pin them:  (cd k8s/overlays/<cpu|gpu> && kustomize edit set image <name>=<name>@<digest>)"
fi
