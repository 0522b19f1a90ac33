#!/usr/bin/env bash
# Runs ON the GPU machine (no network, no Java, Python's torch with CUDA), from the kit of scripts/cuda-kit.sh:
# unpacks the Java runtime, builds DJL's JNI library against that machine's torch (unless the kit holds a
# prebuilt libdjl_torch.so), points DJL at it and at torch's own libraries without patching DJL, runs a short
# CUDA sanity job, then the command given, with JAVA and FSB_CP set. Logs and libdjl_torch.so go to $OUT.
#   bash scripts/cuda-run.sh <command> [args...]        e.g. bash scripts/cuda-run.sh scripts/bench-reproduce.sh ...
# FSB_KIT (default .gpu), FSB_SKIP_SANITY=1 (skip the sanity job). Local tests without a GPU: FSB_CPU=1 (CPU flavor),
# FSB_TORCH_DIR and FSB_TORCH_VERSION (a torch folder with include/ and lib/, instead of python3's torch).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: cuda-run.sh <command> [args...]" >&2; exit 64; }
kit="$(cd "${FSB_KIT:-.gpu}" 2>/dev/null && pwd)" || { echo "cuda-run: no kit folder ${FSB_KIT:-.gpu} (scripts/cuda-kit.sh)" >&2; exit 1; }
out="${OUT:-$PWD/cuda-out}"; mkdir -p "$out"
work="$(mktemp -d /tmp/fsb-cuda.XXXXXX)"
setup_log="$out/setup.log"; : > "$setup_log"
log() { echo "[cuda-run +${SECONDS}s] $*" | tee -a "$setup_log"; }
die() { echo "cuda-run: FAILED: $*" | tee -a "$setup_log" >&2; exit 1; }

if [ -z "${FSB_CPU:-}" ]; then
  log "GPU"
  command -v nvidia-smi >/dev/null || die "nvidia-smi not found"
  gpus="$(nvidia-smi -L 2>&1 || true)"
  echo "$gpus" | tee -a "$setup_log"
  [[ "$gpus" == *GPU* ]] || die "nvidia-smi lists no GPU"
fi

log "Java runtime"
[ -f "$kit/jre.tar.xz" ] || die "$kit/jre.tar.xz missing"
tar -C "$work" -xJf "$kit/jre.tar.xz" || die "cannot unpack $kit/jre.tar.xz"
export JAVA="$work/jre/bin/java"
java_version="$("$JAVA" -version 2>&1)" || die "the unpacked Java runtime does not run: $java_version"
echo "${java_version%%$'\n'*}" | tee -a "$setup_log"
FSB_CP="$(tr ':' '\n' < "$kit/classpath.txt" | sed "s#^#$kit/#" | paste -sd:)"
export FSB_CP

log "data"
export OMNIGLOT_DIR="$kit/datasets/omniglot"
[ -f "$OMNIGLOT_DIR/images_background.zip" ] || die "no Omniglot zips in $OMNIGLOT_DIR"
# The scripts' defaults read ../shared/datasets, which does not travel: point it at the kit's copy.
if [ ! -e ../shared/datasets ]; then
  mkdir -p ../shared && ln -s "$kit/datasets" ../shared/datasets
fi

log "torch"
if [ -n "${FSB_TORCH_DIR:-}" ]; then  # a torch folder without Python (local tests)
  torch_dir="$FSB_TORCH_DIR" torch_version="${FSB_TORCH_VERSION:?}" cuda_version=none cxx11_abi="${FSB_TORCH_ABI:-1}"
else
  read -r torch_version torch_dir cuda_version cxx11_abi < <(python3 -c '
import os, torch
print(torch.__version__.split("+")[0], os.path.dirname(torch.__file__), torch.version.cuda or "none",
      int(torch._C._GLIBCXX_USE_CXX11_ABI))' 2>>"$setup_log") || die "python3 cannot import torch"
fi
torch_lib="$torch_dir/lib"
log "torch $torch_version, CUDA $cuda_version, C++11 ABI $cxx11_abi, $torch_lib"
[ -f "$torch_lib/libtorch.so" ] || die "no libtorch.so in $torch_lib"
if [ -n "${FSB_CPU:-}" ]; then flavor=cpu; else
  [ "$cuda_version" != none ] || die "this torch has no CUDA"
  flavor="cu${cuda_version//./}"
fi

log "libdjl_torch.so"
jni_lib="$work/libdjl_torch.so"
if [ -f "$kit/libdjl_torch.so" ]; then
  cp "$kit/libdjl_torch.so" "$jni_lib"; log "using the kit's prebuilt library"
else
  src="$kit/djl-native/src"
  ls "$src"/*.cc >/dev/null 2>&1 || die "no DJL sources in $src (see scripts/cuda-kit.sh)"
  command -v g++ >/dev/null || die "g++ not found"
  cuda_libs=(); [ "$flavor" = cpu ] || cuda_libs=(-ltorch_cuda -lc10_cuda)
  flags=(-std=c++17 -O2 -fPIC -D_GLIBCXX_USE_CXX11_ABI="$cxx11_abi" -I"$kit/djl-native/include" -I"$src"
    -I"$kit/jni-include" -isystem "$torch_dir/include" -isystem "$torch_dir/include/torch/csrc/api/include")
  # Sources that include c10/cuda (DJL's own do) need CUDA's runtime headers; scripts/djl-torch-jni needs none.
  cuda_h="$(find /usr/local/cuda/include "$torch_dir/../nvidia" -name cuda_runtime_api.h 2>/dev/null | head -1 || true)"
  [ -z "$cuda_h" ] || flags+=(-isystem "$(dirname "$cuda_h")")
  mkdir -p "$work/obj"
  if ! ls "$src"/*.cc | xargs -P "$(nproc)" -I{} sh -c 'g++ "$@" -c "$0" -o "'"$work"'/obj/$(basename "$0" .cc).o"' {} "${flags[@]}" \
      > "$work/build.log" 2>&1 \
    || ! g++ -shared -o "$jni_lib" "$work"/obj/*.o -L"$torch_lib" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 \
      "${cuda_libs[@]}" -Wl,-rpath,"$torch_lib" >> "$work/build.log" 2>&1; then
    cat "$work/build.log" >> "$setup_log"
    echo "cuda-run: the JNI library did not build; the first 60 lines:" >&2
    grep -v '^\s*$' "$work/build.log" | head -60 >&2
    die "compile of $src"
  fi
  log "built $(ls "$src"/*.cc | wc -l) sources in $SECONDS s"
fi
cp "$jni_lib" "$out/"

log "DJL environment"
# DJL (LibUtils) loads every library in PYTORCH_LIBRARY_PATH and then looks for its JNI library at
# $ENGINE_CACHE_DIR/pytorch/<PYTORCH_VERSION>-<PYTORCH_FLAVOR>-<platform>/<djl version>-libdjl_torch.so, which
# it takes without any version check or download. Only torch's core libraries are loaded; the rest (Python
# bindings, test libraries) are excluded, and torch loads what they need through their own RPATHs.
export PYTORCH_LIBRARY_PATH="$torch_lib" PYTORCH_VERSION="$torch_version" PYTORCH_FLAVOR="$flavor"
export ENGINE_CACHE_DIR="$work/djl-cache" DJL_OFFLINE=true
cache="$ENGINE_CACHE_DIR/pytorch/$torch_version-$flavor-linux-x86_64"
mkdir -p "$cache" && cp "$jni_lib" "$cache/0.36.0-libdjl_torch.so"
excluded=()
for f in "$torch_lib"/*.so*; do
  name="$(basename "$f")"
  case "$name" in
    libc10.so|libc10_cuda.so|libtorch.so|libtorch_cpu.so|libtorch_cuda.so|libtorch_global_deps.so|libcaffe2_nvrtc.so|libgomp*) ;;
    *) excluded+=("$name") ;;
  esac
done
PYTORCH_LIBRARY_EXCLUSION="$(IFS=,; echo "${excluded[*]}")"; export PYTORCH_LIBRARY_EXCLUSION
# DJL finds GPUs through JNA and a plain libcudart.so, which pip's CUDA wheels ship only as libcudart.so.<major>.
mkdir -p "$work/cudart"
cudart="$(find "$torch_dir/../nvidia" /usr/local/cuda/lib64 -name 'libcudart.so*' 2>/dev/null | sort | head -1 || true)"
if [ -n "$cudart" ]; then ln -sf "$cudart" "$work/cudart/libcudart.so"; fi
[ -n "$cudart" ] || [ "$flavor" = cpu ] || die "no libcudart.so* beside torch or in /usr/local/cuda"
# torch's CUDA libraries find cuDNN, cuBLAS... through their RPATHs into pip's nvidia packages; should one not,
# these folders are on the loader's path as well (Python's torch preloads them itself).
nvidia_libs="$(find "$torch_dir/../nvidia" -maxdepth 3 -type d -name lib 2>/dev/null | sort | paste -sd: || true)"
export LD_LIBRARY_PATH="$work/cudart${nvidia_libs:+:$nvidia_libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export JAVA_TOOL_OPTIONS="-Djna.library.path=$work/cudart -Dai.djl.offline=true ${JAVA_TOOL_OPTIONS:-}"
env | grep -E '^(PYTORCH_|ENGINE_CACHE_DIR|DJL_|JAVA|FSB_CP|LD_LIBRARY_PATH|OMNIGLOT_DIR)' | sort >> "$setup_log" || true
[ -n "$cudart" ] && log "cudart: $cudart"

if [ -z "${FSB_SKIP_SANITY:-}" ]; then
  log "sanity job"
  require=(--require-gpu); [ "$flavor" != cpu ] || require=()
  set +e
  # In float32 (TF32 off): TF32 convolutions put the conv0 gradient 3.4e-2 of its scale from the CPU's, past the
  # check's 2e-2, and float32 3.1e-3 (H200, docs/results/2026-11-30-reproduce-gpu0-h200-2). Training keeps TF32.
  NVIDIA_TF32_OVERRIDE=0 timeout 180 "$JAVA" -cp "$FSB_CP" io.fewshot.ml.bench.CudaSanity "${require[@]}" \
    > "$out/sanity.log" 2>&1
  rc=$?
  set -e
  grep -v -e '^Picked up JAVA_TOOL_OPTIONS' -e ' INFO ' "$out/sanity.log" | tail -20 || true
  [ "$rc" -eq 0 ] || die "sanity job exit $rc (see sanity.log)"
fi

log "command: $*"
set +e
"$@" 2>&1 | tee "$out/command.log"
rc=${PIPESTATUS[0]}
log "command exit $rc"
exit "$rc"
