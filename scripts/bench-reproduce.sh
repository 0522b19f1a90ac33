#!/usr/bin/env bash
# Reproduces Table 1's Omniglot 5-way 1-shot column: each row trains within a wall budget (pretraining
# included), validates on val every few minutes of wall time keeping the best checkpoint, and tests that
# checkpoint once. Writes <row>.json (spec, curve, test accuracy ± CI, NLL, ECE, paper, gap), <row>.eval.json
# (provenance), README.md (the table; its hand-written "## " sections are kept) and curves.svg to the results
# folder; checkpoints stay under bench-results/ (ignored by git). One JVM per row, --parallel at a time
# (PyTorch threads spin: two one-thread processes beat one two-thread process).
#   scripts/bench-reproduce.sh [--rows a,b,c] [--wall-seconds S] [--parallel N] [--threads T]
#       [--profile cpu|paper] [--out DIR] [--data DIR] [--validate-seconds V] [--test-episodes N]
#       [--steps N] [--lr-schedule constant|step|cosine|cosine-wall] [--hyper key=value[,key=value...]] [--continue]
#       [--choice-episodes N] [--seed N]
#   scripts/bench-reproduce.sh --retrain-from DIR [--rows a,b,c] [--parallel N] [--threads T] [--out DIR] [--data DIR]
# --steps caps each row at N meta-steps (a cosine schedule decays over them; cosine-wall decays over the
# --wall-seconds, validation included, however fast the machine runs that day); --continue trains each row's
# earlier run in the runs folder on to the larger --wall-seconds (same spec but the budget) instead of afresh;
# --hyper sets method hyperparameters on every row's spec (e.g. objective=predictive,trainSamples=3 for the BNN).
# A BNN row's prediction noise is chosen on N val episodes (default 300) before its test, unless --hyper fixes
# predictionNoise: all, unless task's or weights' val NLL is lower by more than the paired 95% interval; its
# retraining is tested under the same choice. --seed N trains from another seed than the published cell's (a
# repeat); --hyper evalSeed=N draws fresh val and test episodes too.
# --retrain-from DIR follows the papers' protocol on DIR's results: each row's spec trains afresh on train + val
# for the step count its val chose, with no validation (a cosine keeps the selection run's horizon, so each step
# gets the rate it had there), and its last checkpoint is tested once
# (out: DIR-trainval unless --out; "in all" then counts the selection run's seconds too).
# Defaults: every row, 3600 s per row, 2 rows at a time on a CPU and 1 on a GPU, 1 thread each, the cpu profile, 300 s between
# validations, 1000 test episodes, data ../shared/datasets/omniglot,
# out docs/results/<UTC date>-reproduce-<device>/ (device as DJL reports it: cpu, gpu0, ...).
# Protocol: train on Vinyals' train split, select on val, test once (selecting a checkpoint of a run on train +
# val on val would leak; --retrain-from then gives the papers' protocol). With JAVA and FSB_CP set it runs "$JAVA -cp $FSB_CP" and never calls
# Maven (the CUDA kit's way); JAVA_OPTS adds JVM flags (default -Xmx8g -Dai.djl.offline=true).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "bench-reproduce: $*" >&2; exit 2; }

rows="" wall=3600 parallel="" threads=1 profile=cpu out="" data=../shared/datasets/omniglot validate=300 tests=1000
overrides=() retrain_from=""
while [ $# -gt 0 ]; do
  case "$1" in -h|--help) usage ;; --continue) overrides+=(--continue true); shift; continue ;; esac
  [ $# -ge 2 ] || die "$1 needs a value"
  case "$1" in
    --rows) rows="$2" ;;
    --wall-seconds) wall="$2" ;;
    --parallel) parallel="$2" ;;
    --threads) threads="$2" ;;
    --profile) profile="$2" ;;
    --out) out="$2" ;;
    --data) data="$2" ;;
    --validate-seconds) validate="$2" ;;
    --test-episodes) tests="$2" ;;
    --steps|--lr-schedule|--hyper|--choice-episodes|--seed) overrides+=("$1" "$2") ;;
    --retrain-from) retrain_from="$2" ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift 2
done
for n in "$wall" "${parallel:-1}" "$threads" "$validate" "$tests"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive integer"
done
case "$profile" in cpu|paper) ;; *) die "--profile must be cpu or paper, was '$profile'" ;; esac
[ -d "$data" ] || die "no data folder $data (--data)"
if [ -n "$retrain_from" ]; then
  [ -d "$retrain_from" ] || die "--retrain-from: no results folder $retrain_from"
  [ "${#overrides[@]}" -eq 0 ] \
    || die "--retrain-from takes each row's spec and choices from its results: no --steps, --lr-schedule, --hyper, --choice-episodes, --seed or --continue"
  out="${out:-${retrain_from%/}-trainval}"
fi

. scripts/engine-allocator.sh
if [ -n "${JAVA:-}" ] && [ -n "${FSB_CP:-}" ]; then
  java_cmd=("$JAVA" -cp "$FSB_CP")
else
  . scripts/engine-classpath.sh
  java_cmd=(java -cp "$engine_classpath")
fi
read -r -a opts <<< "${JAVA_OPTS:--Xmx8g -Dai.djl.offline=true}"
main=io.fewshot.ml.bench.Reproduction
# DJL and PyTorch log at INFO/WARN on stdout; the runner's own lines are what the log is for.
quiet() { grep --line-buffered -v -e ' WARN ' -e ' INFO ' -e '^\[W[0-9]' || true; }

device=$("${java_cmd[@]}" "${opts[@]}" "$main" device 2>/dev/null | quiet | tail -1)
[ -n "$device" ] || die "cannot start the engine: run '${java_cmd[*]} $main device' to see why"
# Rows on one GPU take turns on it rather than run side by side: on an H200, MAML trained 38 steps/s alone and
# 9.2 with three other rows (docs/results/2026-11-30-reproduce-gpu0-h200-2).
[[ "$device" == gpu* ]] && parallel="${parallel:-1}" || parallel="${parallel:-2}"
all_rows=$("${java_cmd[@]}" "${opts[@]}" "$main" rows 2>/dev/null | quiet | paste -sd, -)
if [ -n "$retrain_from" ] && [ -z "$rows" ]; then  # every row that has a result there
  rows=$(for row in ${all_rows//,/ }; do [ ! -f "$retrain_from/$row.json" ] || echo "$row"; done | paste -sd, -)
  [ -n "$rows" ] || die "--retrain-from: no row results in $retrain_from"
fi
rows="${rows:-$all_rows}"
IFS=, read -r -a row_list <<< "$rows"
for row in "${row_list[@]}"; do
  [[ ",$all_rows," == *",$row,"* ]] || die "unknown row '$row'; expected some of $all_rows"
done
name="$(date -u +%F)-reproduce-$device"
out="${out:-docs/results/$name}"
runs="bench-results/reproduce/$(basename "$out")"
mkdir -p "$out/logs" "$runs"
if [ -n "$retrain_from" ]; then
  echo "bench-reproduce: rows $rows retrained on train + val for the steps chosen in $retrain_from; $parallel at a time, $threads thread(s) each, device $device -> $out"
else echo "bench-reproduce: rows $rows; $wall s each, $parallel at a time, $threads thread(s) each, $profile profile, device $device -> $out"
fi

# Matching Nets and ProtoNet run on engine_env (jemalloc with retained pages where installed), where it pays (ProtoNet 5.74 against 3.31
# episodes/s on glibc; docs/results/2026-11-30-engine-speed.md); every other row runs on glibc's malloc tuned as the
# services run it (service_env in scripts/engine-allocator.sh). MAML and Meta-SGD: with their inner gradient taken
# by PyTorch's autograd.grad, a meta-batch of 8 took a median 475 ms on plain glibc, 166-175 on the tuned one (the
# hand-written gradient's: 235-243) and 172-180 on jemalloc; RSS flat at 0.89 GB over 600 steps on the tuned one
# (docs/results/2026-12-02-maml-hybrid-gradient). FAITHFUL 5-step: 1.56-1.78 steps/s on the tuned one against
# 1.25-1.46 on plain glibc, system time 1.4-4.0 s against 17-33 s in 180 s, the same 1.4 GB peak, flat over 20 minutes
# of validating (docs/results/2026-12-03-bnn-allocator). Under jemalloc MAML, Meta-SGD and FAITHFUL 5-step grew:
# MAML's train + val retraining from 0.7 to 8.4 GB in 80 minutes, Meta-SGD's to 8.5 GB in 92
# (docs/results/2026-11-30-reproduce-cpu-trainval/logs/rss-maml-jemalloc.txt, rss-meta-sgd-jemalloc.txt), FAITHFUL
# 5-step to 10 GB in 4 minutes of training (logs/faithful-5-jemalloc-after-fix.txt there). A row of more than an hour
# validates often enough to grow too: each validation left about 190 MB resident that training did not reuse
# (MAML validating every 10 s for 4 minutes: 1.1 -> 5.3 GB under jemalloc, flat at 1.2-1.6 GB under glibc), and
# the MAML row continued for 2 hours grew past 15 GB
# (docs/results/2026-11-30-reproduce-cpu-extended/logs/allocator-validation-growth.txt).
run_row() {
  local row=$1 allocator=("${service_env[@]}") command
  [[ "$row" == matching-nets || "$row" == protonet ]] && { [ "$wall" -le 3600 ] || [ -n "$retrain_from" ]; } \
    && allocator=("${engine_env[@]}")
  if [ -n "$retrain_from" ]; then
    command=(retrain --row "$row" --from "$retrain_from")
  else
    command=(row --row "$row" --profile "$profile" --wall-seconds "$wall" --validate-seconds "$validate"
      --test-episodes "$tests" "${overrides[@]}")
  fi
  OMP_NUM_THREADS=$threads env "${allocator[@]}" "${java_cmd[@]}" "${opts[@]}" "$main" "${command[@]}" \
    --threads "$threads" --data "$data" --out "$out" --runs "$runs" 2>&1 | quiet | tee "$out/logs/$row.log"
  return "${PIPESTATUS[0]}"
}

declare -A pids=()
failed=()
reap() {  # waits for one row to end (polling: wait -n -p needs bash 5.1) and notes a failure
  local pid rc
  while :; do
    for pid in "${!pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        rc=0
        wait "$pid" || rc=$?
        [ "$rc" -eq 0 ] || failed+=("${pids[$pid]}")
        unset "pids[$pid]"
        return
      fi
    done
    sleep 2
  done
}
for row in "${row_list[@]}"; do
  while [ "${#pids[@]}" -ge "$parallel" ]; do reap; done
  run_row "$row" &
  pids[$!]=$row
done
while [ "${#pids[@]}" -gt 0 ]; do reap; done

if compgen -G "$out/*.json" > /dev/null; then
  "${java_cmd[@]}" "${opts[@]}" "$main" report "$out" 2>&1 | quiet
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo "bench-reproduce: rows failed: ${failed[*]} (logs in $out/logs)" >&2
  exit 1
fi
echo "bench-reproduce: done; table $out/README.md, curves $out/curves.svg"
