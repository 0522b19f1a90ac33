#!/usr/bin/env python3
"""The PyTorch column of issue 14's engine table, measured on the machine at hand.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 scripts/bench-pytorch.py [repeats]

The same three pieces of work as `scripts/bench-train.sh table`, written the way the public PyTorch
implementations of these methods write them (eager mode, one thread, torch.set_num_threads(1)):

  1. Conv-4 (3x3 conv 64, batch norm, ReLU, 2x2 max-pool; four blocks) forward+backward on 80 28x28 images,
     loss mean(embedding^2), as TrainBenchmark.conv4ForwardBackward.
  2. A Prototypical Networks training episode, 60-way 1-shot 5-query: the 360 images embedded in one batch,
     squared Euclidean distances to the class means, cross-entropy, backward, an Adam step.
  3. Second-order MAML, 5-way 1-shot, 1 query per class, 1 inner step (lr 0.4), meta-batch 8: the tasks one
     after another (functional Conv-4 plus a linear head, batch statistics in batch norm), the inner gradient
     with create_graph=True, the mean query loss backward, an Adam step. Reported as tasks/s.

The inputs are random tensors made once, so PyTorch's figures leave out the episode sampling and image
standardisation that ours include: the comparison favours PyTorch. Median wall time of [repeats] (default 20)
repeats after 3 untimed ones.

Debian's python3-torch (1.13.1) is built against the system BLAS: install libopenblas0-pthread first, or its
matrix products run on the reference BLAS (the convolutions use its oneDNN either way).
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
WARMUP = 3
FILTERS = 64


def conv4_params(ways=None):
    params = []
    for i in range(4):
        w = torch.empty(FILTERS, 1 if i == 0 else FILTERS, 3, 3)
        torch.nn.init.kaiming_normal_(w)
        params += [w, torch.zeros(FILTERS), torch.ones(FILTERS), torch.zeros(FILTERS)]  # conv w, b, bn gamma, beta
    if ways:
        params += [torch.randn(ways, FILTERS) * 0.01, torch.zeros(ways)]
    return [p.requires_grad_() for p in params]


def conv4(x, p):
    for i in range(4):
        w, b, gamma, beta = p[4 * i:4 * i + 4]
        x = F.conv2d(x, w, b, padding=1)
        x = F.batch_norm(x, None, None, gamma, beta, training=True)
        x = F.max_pool2d(F.relu(x), 2)
    return x.flatten(1)


def timed(step):
    samples = []
    for i in range(WARMUP + REPEATS):
        start = time.perf_counter()
        step()
        if i >= WARMUP:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def conv4_forward_backward():
    p = conv4_params()
    x = torch.randn(80, 1, 28, 28)

    def step():
        for q in p:
            q.grad = None
        conv4(x, p).pow(2).mean().backward()
    return timed(step)


def protonet_episode(way=60, shot=1, query=5):
    p = conv4_params()
    opt = torch.optim.Adam(p, lr=1e-3)
    support = torch.randn(way * shot, 1, 28, 28)
    queries = torch.randn(way * query, 1, 28, 28)
    labels = torch.arange(way).repeat_interleave(query)

    def step():
        opt.zero_grad()
        z = conv4(torch.cat([support, queries]), p)
        prototypes = z[:way * shot].view(way, shot, -1).mean(1)
        logits = -torch.cdist(z[way * shot:], prototypes).pow(2)
        F.cross_entropy(logits, labels).backward()
        opt.step()
    return timed(step)


def maml_meta_batch(tasks=8, way=5, shot=1, query=1, inner_lr=0.4):
    p = conv4_params(ways=way)
    opt = torch.optim.Adam(p, lr=1e-3)
    batch = [(torch.randn(way * shot, 1, 28, 28), torch.arange(way).repeat_interleave(shot),
              torch.randn(way * query, 1, 28, 28), torch.arange(way).repeat_interleave(query)) for _ in range(tasks)]

    def logits(x, w):
        return F.linear(conv4(x, w[:-2]), w[-2], w[-1])

    def step():
        opt.zero_grad()
        total = 0
        for sx, sy, qx, qy in batch:
            grads = torch.autograd.grad(F.cross_entropy(logits(sx, p), sy), p, create_graph=True)
            fast = [w - inner_lr * g for w, g in zip(p, grads)]
            total = total + F.cross_entropy(logits(qx, fast), qy)
        (total / tasks).backward()
        opt.step()
    return timed(step) / tasks


if __name__ == "__main__":
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread, {REPEATS} repeats (median wall)")
    print(f"pytorch conv4-80-images-fwd-bwd-ms {1e3 * conv4_forward_backward():.2f}")
    print(f"pytorch protonet-60w1s5q-episodes-per-s {1 / protonet_episode():.3f}")
    print(f"pytorch maml-2nd-order-tasks-per-s {1 / maml_meta_batch():.2f}")
