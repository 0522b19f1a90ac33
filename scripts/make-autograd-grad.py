#!/usr/bin/env python3
"""Writes the engine's TorchScript gradient function, the one piece of PyTorch the DJL API lacks.

DJL exposes backward() but not torch.autograd.grad. backward(create_graph=True) accumulates a gradient that
carries its own graph into each leaf's .grad, a reference cycle libtorch never frees (about 4 MB per MAML step),
and DJL cannot reset .grad. autograd.grad returns the gradients instead, so nothing is kept. The engine loads
the saved function once (io.fewshot.ml.nn.Autograd, through io.fewshot.ml.nn.ScriptFunction) from
services/meta-learning/src/main/resources/io/fewshot/ml/nn/autograd-grad.pt, committed beside this script;
rerun it only to change the function. Any PyTorch that scripts it will do (written with Debian's python3-torch
1.13.1; libtorch 2.7.1 loads it).
Usage: scripts/make-autograd-grad.py [output path]
"""
import sys
from typing import List, Optional

import torch


class Gradient(torch.nn.Module):
    """d(output)/d(inputs) seeded with output_grad: a vector-Jacobian product, differentiable in the inputs and in
    output_grad when create_graph is true. A scalar loss takes a seed of one."""

    def forward(self, output: torch.Tensor, output_grad: torch.Tensor, inputs: List[torch.Tensor],
                create_graph: torch.Tensor) -> List[torch.Tensor]:
        seeds: List[Optional[torch.Tensor]] = [output_grad]
        grads = torch.autograd.grad([output], inputs, grad_outputs=seeds, create_graph=bool(create_graph))
        out: List[torch.Tensor] = []
        for g in grads:
            if g is None:
                raise RuntimeError("an input was not used to compute the output")
            out.append(g)
        return out


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else \
        "services/meta-learning/src/main/resources/io/fewshot/ml/nn/autograd-grad.pt"
    torch.jit.script(Gradient()).save(path)
    print(f"wrote {path} (torch {torch.__version__})")
