#!/bin/bash
# Interleaved: our engine's table and PyTorch 1.13's, each under jemalloc (retained pages) and glibc, one thread on core 1.
cd "$(dirname "$0")/../../.."  # the repository root; needs python3-torch, libopenblas0-pthread, libjemalloc2
J=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
for round in 1 2; do
  for alloc in jemalloc system; do
    echo "== round $round ours $alloc $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    FSB_ALLOCATOR=$alloc BENCH_THREADS=1 taskset -c 1 /usr/bin/time -f "time %e s wall %U user %S sys" scripts/bench-train.sh table 20 2>&1 | grep -E "^table (Conv|Proto|MAML)|^time"
    echo "== round $round pytorch $alloc $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ $alloc = jemalloc ]; then pre=(LD_PRELOAD=$J MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1,retain:true); else pre=(); fi
    env "${pre[@]}" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 1 /usr/bin/time -f "time %e s wall %U user %S sys" /usr/bin/python3 scripts/bench-pytorch.py 20 2>&1 | grep -E "^pytorch|^time|^torch"
  done
done
