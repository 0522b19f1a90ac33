#!/usr/bin/env bash
# Benchmark (not a test) for issues 6 and 8: runs the README's main command on a fresh data folder
# (default: its default, the quick profile: all Omniglot cells) and reports
#   - the wall time of the whole command and of the sweep (submission to the last evaluation), and
#   - the share of the sweep's wall time outside training and evaluation (Kafka, S3, start-up,
#     waiting): each run's training interval is [completion - its training seconds, completion],
#     each evaluation's [evaluated - its seconds, evaluated], the BNN's extractor pretraining
#     [learner ready - its seconds, learner ready], all from the services' logs.
#   scripts/bench-sweep.sh [sweep-local.sh options]      e.g. --rows protonet,maml
# BENCH_SWEEP_DIR: the data folder (default: a new temporary one, removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BENCH_SWEEP_DIR:-$(mktemp -d /tmp/bench-sweep.XXXXXX)}"
[ -n "${BENCH_SWEEP_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
t0=$(date +%s.%N)
scripts/sweep-local.sh --data-dir "$dir" "$@"
t1=$(date +%s.%N)
python3 - "$dir/logs" "$t0" "$t1" <<'PY'
import datetime as dt, re, sys
logs, t0, t1 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])

def stamp(line):
    return dt.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()

times = {}
for line in open(f"{logs}/sweep-times"):
    kind, at, _ = line.split()
    times[kind] = float(at)
busy, setups, train, evaluation = [], [], 0.0, 0.0
for line in open(f"{logs}/trainer.log", errors="replace"):
    if m := re.search(r"set-up ([\d.]+) s", line):
        setups.append(float(m.group(1)))
    if m := re.search(r"completed: \d+ steps in ([\d.]+) s", line):
        busy.append((stamp(line) - float(m.group(1)), stamp(line)))
        train += float(m.group(1))
    if m := re.search(r"learner ready in ([\d.]+) s", line):  # the BNN's extractor pretraining
        busy.append((stamp(line) - float(m.group(1)), stamp(line)))
        train += float(m.group(1))
runs = sum(1 for line in open(f"{logs}/trainer.log", errors="replace") if " completed: " in line)
for line in open(f"{logs}/evaluator.log", errors="replace"):
    if m := re.search(r"evaluated in ([\d.]+) s", line):
        busy.append((stamp(line) - float(m.group(1)), stamp(line)))
        evaluation += float(m.group(1))
busy = sorted((max(a, times["submitted"]), min(b, times["finished"])) for a, b in busy)
union, (lo, hi) = 0.0, busy[0]
for a, b in busy[1:]:
    if a > hi:
        union, lo, hi = union + hi - lo, a, b
    else:
        hi = max(hi, b)
union += hi - lo
sweep = times["finished"] - times["submitted"]
evaluated = sum(1 for line in open(f"{logs}/evaluator.log", errors="replace") if "evaluated in" in line)
print(f"bench-sweep: {runs} runs trained ({train:.0f} s of training incl. pretraining), {evaluated} evaluated "
      f"({evaluation:.0f} s)")
print(f"bench-sweep: whole command {t1 - t0:.0f} s (build check, stack and services start-up, ingest, sweep, shutdown)")
print(f"bench-sweep: sweep {sweep:.0f} s from submission to the last result; training or evaluation running "
      f"{union:.0f} s -> {100 * (1 - union / sweep):.1f}% outside training and evaluation")
if setups:
    print(f"bench-sweep: trainer set-up per run (dataset, extractor, checkpoints): first {setups[0]:.1f} s, "
          f"others {sum(setups[1:]) / max(1, len(setups) - 1):.2f} s on average")
PY
