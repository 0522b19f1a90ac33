#!/usr/bin/env bash
# The reproduction benchmark's paper profile on a lent GPU machine, in one call of the device tool (which gives a
# command 10 minutes and a session 15 minutes of device time, machine start included). On the machine it builds the
# JNI library and checks CUDA against the CPU (scripts/cuda-run.sh, with the kit of scripts/cuda-kit.sh carried as
# .gpu), trains the rows one after another (rows on one GPU take turns: bench-reproduce.sh), each within its wall
# budget (backbone pretraining included), tests each once, and packs results and logs into
# $OUT/gpu-results.tar.gz (the tool returns at most 8 files), however the run ends.
#   scripts/bench-gpu.sh [row=seconds ...]     default: amortized-bnn-5-faithful=280 maml=90
# From the session: scripts/cuda-kit.sh, then the device tool's run with command "bash scripts/bench-gpu.sh",
# carry [".gpu"], timeout_s 600. FSB_GPU_DEADLINE (default 575 s) bounds everything before the packing.
# The BNN rows predict with the noise of all their layers (predictionNoise=all, fixed before the run) instead of
# choosing it on 300 val episodes, which would cost about as long as the test; FSB_BNN_HYPER replaces that setting
# (bench-reproduce.sh's --hyper for the BNN rows).
set -uo pipefail
cd "$(dirname "$0")/.."
final="${OUT:?OUT is the folder the device tool returns}"
work="$(mktemp -d /tmp/fsb-gpu.XXXXXX)"
pack() {
  tar -C "$work" -czf "$final/gpu-results.tar.gz" .
  cp "$work"/*.log "$work"/res/README.md "$final/" 2>/dev/null
}
trap pack EXIT
[ $# -gt 0 ] || set -- amortized-bnn-5-faithful=280 maml=90
for spec in "$@"; do
  [[ "$spec" =~ ^[a-z0-9-]+=[1-9][0-9]*$ ]] || { echo "bench-gpu: '$spec' is not row=seconds" >&2; exit 2; }
done
rows='for spec in "$@"; do
  row=${spec%=*}; hyper=(); [[ $row != amortized-bnn-* ]] || hyper=(--hyper "${FSB_BNN_HYPER:-predictionNoise=all}")
  scripts/bench-reproduce.sh --profile paper --rows "$row" --wall-seconds "${spec#*=}" --validate-seconds 60 \
    --test-episodes 1000 "${hyper[@]}" --out "$RES" || echo "bench-gpu: row $row failed"
done'
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$work/gpu.log" 2>&1
RES="$work/res" OUT="$work" timeout "${FSB_GPU_DEADLINE:-575}" bash scripts/cuda-run.sh bash -c "$rows" _ "$@"
echo "bench-gpu: exit $? after ${SECONDS} s" | tee -a "$work/gpu.log"
