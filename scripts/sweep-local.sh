#!/usr/bin/env bash
# The main job: the paper's benchmark sweep on this machine, end to end through the real pipeline.
#
#   scripts/sweep-local.sh [--profile quick|smoke|cpu|paper] [--omniglot-source SRC] [--miniimagenet-source SRC]
#                          [--data-dir DIR] [--rows ROW,...] [--configs 5w1s,...] [--timeout 2h]
#
# Profiles: quick (the default) trains every cell for a minute or two, so each number is a real, if
# short, measurement: the whole Omniglot table in about 20 minutes on 2 cores (SweepDefaults' QUICK
# budgets); smoke is plumbing (10 steps a cell, numbers far below the paper's); cpu takes hours;
# paper is the published schedules (GPU). Every table prints the steps and time behind each number.
#
# Builds what is stale, starts a real Kafka broker and S3 endpoint (services/local-stack) and the
# four services (ingest, trainer, evaluator, registry), ingests Omniglot (and miniImageNet when a
# source is given; otherwise its cells are skipped and said so), submits the profile's cells, shows
# progress, prints our tables beside the paper's and says where the web page is. Everything stops
# on exit or Ctrl-C. Running it again continues the same sweep: completed cells are not retrained.
#
# Omniglot source: --omniglot-source, else $OMNIGLOT_SOURCE, else ../shared/datasets/omniglot when
# present, else the official zips (brendenlake/omniglot). Sources are comma-separated URLs or paths.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

profile=quick
omniglot_source="${OMNIGLOT_SOURCE:-}"
mini_source="${MINIIMAGENET_SOURCE:-}"
data_dir="${FEWSHOT_DATA_DIR:-.fewshot}"
rows=""
configs=""
timeout="${SWEEP_TIMEOUT:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --omniglot-source) omniglot_source="$2"; shift 2 ;;
    --miniimagenet-source) mini_source="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --configs) configs="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "sweep-local: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$profile" in quick|smoke|cpu|paper) ;; *) echo "sweep-local: --profile must be quick, smoke, cpu or paper" >&2; exit 2 ;; esac
if [ -z "$timeout" ]; then
  case "$profile" in smoke) timeout=30m ;; quick) timeout=45m ;; cpu) timeout=12h ;; paper) timeout=30d ;; esac
fi
if [ -z "$omniglot_source" ]; then
  if [ -f ../shared/datasets/omniglot/images_background.zip ]; then
    omniglot_source="$(cd ../shared/datasets/omniglot && pwd)"
  else
    omniglot_source="https://github.com/brendenlake/omniglot/raw/master/python/images_background.zip,https://github.com/brendenlake/omniglot/raw/master/python/images_evaluation.zip"
  fi
fi

mkdir -p "$data_dir/logs"
data_dir="$(cd "$data_dir" && pwd)"
logs="$data_dir/logs"
say() { printf '\033[1m[sweep]\033[0m %s\n' "$*" >&2; }
# The previous run's logs (a crashed one's above all) move aside instead of being overwritten; five are kept.
if compgen -G "$logs/*.log" >/dev/null; then
  previous="$logs/run-$(date -r "$(ls -t "$logs"/*.log | head -1)" +%Y%m%dT%H%M%S)"
  mkdir -p "$previous" && mv "$logs"/*.log "$previous"/
  ls -d "$logs"/run-* | sort | head -n -5 | xargs -r rm -rf
  say "the previous run's logs are in $previous"
fi

# ---- build what is stale ------------------------------------------------------------------------
stale() { [ ! -e "$1" ] || [ -n "$(find services -path '*/src/*' -newer "$1" -print -quit)" ]; }
artefacts=(services/local-stack/target/classpath.txt services/cli/target/fsb.jar)
for s in ingest trainer evaluator registry; do artefacts+=("services/$s/target/quarkus-app/quarkus-run.jar"); done
for a in "${artefacts[@]}"; do
  if stale "$a"; then
    say "building (mvn package, tests skipped; a first build fetches dependencies)"
    mvn -B -q -ntp package -DskipTests >"$logs/build.log" 2>&1 || { tail -40 "$logs/build.log" >&2; exit 1; }
    break
  fi
done

# ---- start the stack and the services -------------------------------------------------------------
pids=()
names=()
helpers=()  # the watchdog and the watcher: stopped first, so that the watchdog sees no deliberate stop
declare -A name_of=()
# stop GRACE PID...: SIGTERM, up to GRACE seconds for them to finish (the trainer checkpoints to S3 on
# SIGTERM), then SIGKILL for any left, so that no process outlives the sweep. It polls rather than calls
# `wait`: inside the signal trap, bash's wait on a child that had already exited (the watchdog) hung.
stop() {
  local grace=$1 p
  shift
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  alive_within "$grace" "$@" || true
  for p in "$@"; do
    if kill -0 "$p" 2>/dev/null; then
      say "${name_of[$p]:-process $p} did not stop within $grace s: killed"
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  alive_within 5 "$@" || true
}
# alive_within SECONDS PID...: polls until none of them runs (status 1) or the time is up (status 0).
alive_within() {
  local deadline=$((SECONDS + $1)) p alive
  shift
  while :; do
    alive=0
    for p in "$@"; do if kill -0 "$p" 2>/dev/null; then alive=1; fi; done
    [ $alive = 0 ] && return 1
    [ $SECONDS -ge $deadline ] && return 0
    sleep 0.2
  done
}
cleanup() {
  local rc=$? grace=150 services=()
  trap - EXIT INT TERM USR1
  set +e  # a failed check must not end the clean-up half way, leaving processes behind
  [ ${#helpers[@]} -gt 0 ] && stop 10 "${helpers[@]}"
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping services and the local stack"
    # The services first, while Kafka and S3 still take their last checkpoint and events; without the
    # stack there is nothing to save, so they get seconds, not the trainer's checkpoint time.
    kill -0 "${pids[0]}" 2>/dev/null || grace=10
    services=("${pids[@]:1}")
    [ ${#services[@]} -gt 0 ] && stop "$grace" "${services[@]}"
    stop 30 "${pids[0]}"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'exit 1' USR1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
kafka_port="${KAFKA_PORT:-9092}"
s3_port="${S3_PORT:-9000}"
registry_port="${REGISTRY_PORT:-8080}"

say "starting Kafka and S3 (data in $data_dir/stack)"
scripts/local-stack.sh --kafka-port "$kafka_port" --s3-port "$s3_port" --data-dir "$data_dir/stack" >"$logs/local-stack.log" 2>&1 &
pids+=($!)
names+=(local-stack)
name_of[$!]=local-stack
for _ in $(seq 1 240); do
  grep -q READY "$logs/local-stack.log" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$logs/local-stack.log" >&2; exit 1; }
  sleep 0.5
done
grep -q READY "$logs/local-stack.log" || { say "the local stack did not become ready"; exit 1; }

export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port"
export S3_ENDPOINT="http://127.0.0.1:$s3_port"
export S3_ACCESS_KEY="${S3_ACCESS_KEY:-fewshot}"
export S3_SECRET_KEY="${S3_SECRET_KEY:-fewshot-local-secret}"
export S3_REGION=filesystem-nio2
export S3_BUCKET="${S3_BUCKET:-fewshot}"
export REGISTRY_URL="http://127.0.0.1:$registry_port"
export REGISTRY_H2_URL="jdbc:h2:file:$data_dir/registry;DB_CLOSE_ON_EXIT=FALSE"
# Write endpoints need a bearer token; unguessable ones for this run unless given.
random_token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
export REGISTRY_WRITE_TOKEN="${REGISTRY_WRITE_TOKEN:-$(random_token)}"
export INGEST_WRITE_TOKEN="${INGEST_WRITE_TOKEN:-$(random_token)}"
export TRAINER_WORK_DIR="$data_dir/trainer"
export EVALUATOR_WORK_DIR="$data_dir/evaluator"
# Two one-thread training workers, one per core: PyTorch's intra-op workers spin, so one two-thread
# worker on a loaded 2-core machine is slower than two one-thread ones (and the quick profile's
# budgets assume two). The evaluator takes one thread beside them. More cores: set these.
export TRAINER_THREADS="${TRAINER_THREADS:-1}"
export TRAINER_MAX_CONCURRENT_RUNS="${TRAINER_MAX_CONCURRENT_RUNS:-2}"
export EVALUATOR_THREADS="${EVALUATOR_THREADS:-1}"
export DJL_OFFLINE=true

declare -A port=([registry]=$registry_port)
for s in ingest trainer evaluator; do port[$s]=$(free_port); done
# The services run on glibc's malloc, not the benchmarks' jemalloc (scripts/engine-allocator.sh): with its
# freed pages retained, a long-lived trainer keeps the peak of every cell it ran, and in the quick sweep's BNN
# cells the trainer grew to 12 GB and the evaluator to 7 GB, leaving the 24 GB machine 3.7 GB (measured
# 2026-11-30); one such run starved the local Kafka broker and stalled the sweep.
. scripts/engine-allocator.sh # service_env: glibc's malloc, tuned (why: there)
for s in registry ingest trainer evaluator; do
  QUARKUS_HTTP_PORT="${port[$s]}" env "${service_env[@]}" java -Xmx6g -Dai.djl.offline=true -jar "services/$s/target/quarkus-app/quarkus-run.jar" \
    >"$logs/$s.log" 2>&1 &
  pids+=($!)
  names+=("$s")
  name_of[$!]=$s
done
# A service that dies (e.g. killed for memory) ends the sweep at once, saying which and why,
# instead of leaving the watcher waiting for events that cannot come.
(
  while sleep 2; do
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then
        say "${names[$i]} exited unexpectedly; the last lines of $logs/${names[$i]}.log:"
        tail -15 "$logs/${names[$i]}.log" >&2
        kill -USR1 $$
        exit 0
      fi
    done
  done
) &
helpers+=($!)
for s in registry ingest trainer evaluator; do
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:${port[$s]}/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:${port[$s]}/q/health/ready" >/dev/null || { say "$s did not become ready:"; tail -30 "$logs/$s.log" >&2; exit 1; }
  say "$s ready on http://127.0.0.1:${port[$s]} (log: $logs/$s.log)"
done

# ---- ingest --------------------------------------------------------------------------------------
ingest() {
  local name="$1" source="$2" job state
  say "ingesting $name from $source"
  job=$(curl -fs -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $INGEST_WRITE_TOKEN" \
    -d "{\"name\":\"$name\",\"source\":\"$source\"}" "http://127.0.0.1:${port[ingest]}/datasets" \
    | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  [ -n "$job" ] || { say "the ingest service refused the $name request"; exit 1; }
  while :; do
    state=$(curl -fs "http://127.0.0.1:${port[ingest]}/jobs/$job")
    case "$state" in
      *'"state":"SUCCEEDED"'*) say "$name ingested"; return 0 ;;
      *'"state":"FAILED"'*) say "ingest of $name failed: $state"; exit 1 ;;
    esac
    sleep 1
  done
}
datasets=omniglot
ingest omniglot "$omniglot_source"
if [ -n "$mini_source" ]; then
  ingest mini-imagenet "$mini_source"
  datasets=omniglot,mini-imagenet
  if [ "$profile" = quick ]; then
    say "miniImageNet under the quick profile: 5 minutes a cell (about 30 minutes more on 2 cores), a few dozen"
    say "  steps each: plumbing-grade numbers, not to be read beside the paper's (--profile cpu for those)"
  fi
else
  say "miniImageNet: skipped (no --miniimagenet-source or MINIIMAGENET_SOURCE given; its images cannot be"
  say "  downloaded automatically under ImageNet's terms). Its 12 cells of Table 2 are not run."
fi

# ---- the sweep -------------------------------------------------------------------------------------
fsb() { java -jar services/cli/target/fsb.jar "$@"; }
select=()
[ -n "$rows" ] && select+=(--rows "$rows")
[ -n "$configs" ] && select+=(--configs "$configs")
# The sweep id derives from the planned cells (their content-derived run ids): running again with the
# same selection continues the same sweep (the trainer skips completed runs).
sweep_id="local-$profile-$(fsb plan --profile "$profile" --datasets "$datasets" "${select[@]}" | md5sum | cut -c1-6)"
fsb submit --profile "$profile" --datasets "$datasets" --sweep-id "$sweep_id" "${select[@]}" >/dev/null
say "submitted sweep $sweep_id ($profile); watching (web page: $REGISTRY_URL/)"
case "$profile" in
  quick) say "quick: each Omniglot cell trains 45-150 s; the table takes about 20 minutes on 2 cores" ;;
  smoke) say "smoke: plumbing, 10 steps a cell; its numbers are far below the paper's by design" ;;
esac
start=$(date +%s)
echo "submitted $(date +%s.%N) $sweep_id" >>"$logs/sweep-times"
# In the background so that the watchdog's signal is handled at once (wait is interruptible); java itself,
# not a shell function's subshell, so that the pid recorded is the one to stop.
java -jar services/cli/target/fsb.jar watch --sweep "$sweep_id" --timeout "$timeout" &
helpers+=($!)
name_of[$!]="fsb watch"
wait "${helpers[-1]}"
echo "finished $(date +%s.%N) $sweep_id" >>"$logs/sweep-times"
say "sweep $sweep_id finished in $(( $(date +%s) - start )) s; tables: $REGISTRY_URL/ , S3 sweeps/$sweep_id/table.{md,csv,html}"
