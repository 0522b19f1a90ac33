#!/usr/bin/env bash
# Assembles the kit that scripts/cuda-run.sh needs on a GPU machine with no network and no Java, in one ignored
# folder (default .gpu/ of this checkout; add `/.gpu/` to .git/info/exclude):
#   jre.tar.xz          a jlink'ed Java runtime (modules from jdeps over the engine's classpath)
#   jni-include/        jni.h and jni_md.h, to compile DJL's JNI library there
#   lib/ classpath.txt  the engine's and its tools' jars (fsb-ml, benchmarks), without DJL's CPU natives and prebuilt JNI jar (replaced there)
#   datasets/           the Omniglot zips and the Vinyals split files, laid out as ../shared/datasets
#   djl-native/include  the JNI header of DJL 0.36.0's ai.djl.pytorch.jni.PyTorchLibrary (javac -h)
#   djl-native/src      this project's implementation of the JNI functions the engine calls
#                       (scripts/djl-torch-jni/, compiled there against the machine's torch)
#   libdjl_torch.so     optional: if present, cuda-run.sh uses it instead of compiling
#   scripts/cuda-kit.sh [kit-dir]        (KIT_DATA=../shared/datasets by default)
set -euo pipefail
cd "$(dirname "$0")/.."
kit="$(mkdir -p "${1:-.gpu}" && cd "${1:-.gpu}" && pwd)"
data="${KIT_DATA:-../shared/datasets}"
djl=0.36.0
die() { echo "cuda-kit: $*" >&2; exit 1; }
step() { echo "[cuda-kit +${SECONDS}s] $*"; }
for tool in javac jlink jdeps xz mvn; do command -v "$tool" >/dev/null || die "$tool not found (a JDK 17, xz and Maven)"; done
[ -f "$data/omniglot/images_background.zip" ] || die "no Omniglot zips in $data/omniglot"

step "engine classes and classpath"
. scripts/engine-classpath.sh # the benchmarks (CudaSanity, Reproduction) live in $engine_module
module=$engine_module
rm -rf "$kit/lib" && mkdir -p "$kit/lib"
cp "$module"/target/meta-learning-tools-*.jar "$kit/lib/"
tr ':' '\n' < "$module/target/classpath.txt" | grep -v -e '/pytorch-native-' -e '/pytorch-jni-' | xargs -I{} cp {} "$kit/lib/"
(cd "$kit" && ls lib/*.jar | paste -sd: > classpath.txt)

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
if [ -f "$kit/jre.tar.xz" ] && [ -z "${KIT_NEW_JRE:-}" ]; then
  step "Java runtime: kept $kit/jre.tar.xz (KIT_NEW_JRE=1 rebuilds it)"
else
  step "Java runtime (jlink; xz -9 takes minutes on 2 cores)"
  modules="$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps --class-path "$engine_classpath" "$module/target/classes")"
  # JNA and the JDK's zip, crypto and logging providers are reached by reflection or service lookup, which jdeps misses.
  modules="$modules,java.logging,java.naming,java.xml,jdk.unsupported,jdk.zipfs,jdk.crypto.ec"
  # Uncompressed modules: xz then packs the runtime to 17 MB, against 29 MB for jlink's own compression.
  jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=0 --output "$tmp/jre"
  tar -C "$tmp" -cf - jre | xz -9 -T0 > "$kit/jre.tar.xz.part" && mv "$kit/jre.tar.xz.part" "$kit/jre.tar.xz"
fi
mkdir -p "$kit/jni-include"
jhome="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
cp "$jhome/include/jni.h" "$jhome/include/linux/jni_md.h" "$kit/jni-include/"

step "data"
rm -rf "$kit/datasets" && mkdir -p "$kit/datasets/omniglot" "$kit/datasets/splits/omniglot"
cp "$data"/omniglot/*.zip "$kit/datasets/omniglot/"
cp -r "$data/splits/omniglot/vinyals" "$kit/datasets/splits/omniglot/"

step "DJL $djl JNI header"
src_jar="$HOME/.m2/repository/ai/djl/pytorch/pytorch-engine/$djl/pytorch-engine-$djl-sources.jar"
[ -f "$src_jar" ] || mvn -B -q dependency:get -Dartifact="ai.djl.pytorch:pytorch-engine:$djl:jar:sources" -Dtransitive=false >&2
mkdir -p "$tmp/src" "$kit/djl-native/include" && (cd "$tmp/src" && unzip -q "$src_jar")
javac -h "$kit/djl-native/include" -d "$tmp/classes" -cp "$(grep -o '[^:]*/api-[0-9.]*\.jar' "$module/target/classpath.txt")" \
  -sourcepath "$tmp/src" "$tmp/src/ai/djl/pytorch/jni/PyTorchLibrary.java"

step "JNI sources"
rm -rf "$kit/djl-native/src" && mkdir -p "$kit/djl-native/src"
cp scripts/djl-torch-jni/*.cc "$kit/djl-native/src/"

step "sizes"
du -sh "$kit"/* | sort -h
echo "kit total: $(du -sh "$kit" | cut -f1); tracked repo files: $(git ls-files -z | du -ch --files0-from=- | tail -1 | cut -f1)"
