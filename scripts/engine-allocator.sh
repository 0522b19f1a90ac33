# Sourced by the benchmark scripts (bench-train, bench-bnn, bench-reproduce: one run per JVM) and by sweep-local.sh
# and eval-query.sh. Sets two environments for `env "${...[@]}" java ...`, and engine_allocator, engine_env's name.
#
# service_env: glibc's malloc, tuned. The services (sweep-local.sh) run on it: jemalloc's retained pages grew a trainer
# to 12 GB over the quick sweep's cells. glibc maps every block of 32 MB or more afresh and unmaps it when freed (its
# largest mmap threshold), so each such block is faulted in again, page by page: on a guest where a fault is dear (the
# AMD PVM machine of 2026-12-02) ProtoNet's 60-way step ran 0.64-0.76 episodes/s against 4.8-5.1 under jemalloc.
# hugetlb=1 puts those blocks on transparent huge pages (a fault per 2 MB), and the untrimmed heap with its top pad
# keeps the smaller blocks mapped: 3.64 episodes/s, MAML 30.3 tasks/s against 32-34 on plain glibc
# (docs/results/2026-12-02-engine-speed-amd). Older glibc ignores the tunables it does not know.
service_tunables=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432
service_tunables+=:glibc.malloc.trim_threshold=17179869184:glibc.malloc.top_pad=268435456
service_env=(GLIBC_TUNABLES="${GLIBC_TUNABLES:-$service_tunables}")
unset service_tunables
#
# engine_env: jemalloc preloaded, with its freed pages retained, where the library is installed (apt-get install
# libjemalloc2); the tuned glibc of service_env where it is not; FSB_ALLOCATOR=system keeps glibc's plain malloc.
# Why: PyTorch takes every tensor from malloc and frees it after the op, and plain glibc returns large blocks to
# the kernel, so each step faults its memory in again (system time near user time). On one thread, ProtoNet's
# 60-way 1-shot training step ran 5.7 against 3.3 episodes/s under glibc (issue 14,
# docs/results/2026-11-30-engine-speed.md); on a fresh machine of 2026-12-05 plain glibc ran it at 0.83 /s, the
# tuned one at 4.01 and jemalloc at 4.77 (docs/results/2026-12-05-engine-table). With 10-second decay jemalloc
# was slower than glibc (MAML 18 against 44 tasks/s, system time 12.7 s against 4.3). The price: a process
# keeps the pages of its peak (the same peak as under glibc, ~2.2 GB for the benchmark table): fine for one
# run per process, not for a service that runs cell after cell, nor for the amortized BNN's training, which grew
# to 8 and 15 GB in 10 minutes (bench-reproduce.sh and bench-bnn.sh train it on service_env).
engine_env=("${service_env[@]}") engine_allocator="glibc malloc, tuned (apt-get install libjemalloc2 for jemalloc)"
if [ "${FSB_ALLOCATOR:-jemalloc}" = system ]; then
  engine_env=() engine_allocator="glibc malloc, plain (FSB_ALLOCATOR=system)"
else
  for engine_jemalloc in $(ldconfig -p 2>/dev/null | awk '/libjemalloc\.so\.2 /{print $NF}') \
      /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
    if [ -f "$engine_jemalloc" ]; then
      engine_env=(LD_PRELOAD="$engine_jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
        MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1,retain:true}")
      engine_allocator="jemalloc, freed pages retained"
      break
    fi
  done
  unset engine_jemalloc
fi
