#!/usr/bin/env python3
"""Val accuracy against wall time for the one- and two-core-hour FAITHFUL 5-step rows, both seeds, one SVG.

Reads each row's JSON (its curve: seconds, step, accuracy) and marks its test accuracy at the end; writes
val-curves.svg beside this file. Standard library only: python3 plot.py
"""
import json
from pathlib import Path

HERE = Path(__file__).parent
ROWS = [  # (label, JSON, colour, dash)
    ("seed 1, 1 h", HERE / "../2026-12-04-faithful-5-q15-seeds/seed-1/amortized-bnn-5-faithful.json", "#1f77b4", "5,4"),
    ("seed 2, 1 h", HERE / "../2026-12-04-faithful-5-q15-seeds/seed-2/amortized-bnn-5-faithful.json", "#d62728", "5,4"),
    ("seed 1, 2 h", HERE / "seed-1/amortized-bnn-5-faithful.json", "#1f77b4", ""),
    ("seed 2, 2 h", HERE / "seed-2/amortized-bnn-5-faithful.json", "#d62728", ""),
]
W, H, X0, Y0, X1, Y1 = 900, 480, 60, 40, 700, 420
T_MAX, A_MIN, A_MAX = 7600.0, 78.0, 92.0


def x(seconds):
    return X0 + (X1 - X0) * seconds / T_MAX


def y(percent):
    return Y1 - (Y1 - Y0) * (percent - A_MIN) / (A_MAX - A_MIN)


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{X0}" y="20" font-size="14">FAITHFUL 5-step, 15-query default: val accuracy (100 episodes) against '
       'wall time; dots: test (1000 episodes)</text>']
for a in range(int(A_MIN), int(A_MAX) + 1, 2):
    out.append(f'<line x1="{X0}" y1="{y(a):.1f}" x2="{X1}" y2="{y(a):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{X0 - 5}" y="{y(a) + 4:.1f}" text-anchor="end">{a}%</text>')
for s in range(0, int(T_MAX) + 1, 1800):
    out.append(f'<text x="{x(s):.1f}" y="{Y1 + 16}" text-anchor="middle">{s // 60} min</text>')
for level, name in ((87.4, "paper 87.4"), (86.4, "paper - 1")):
    out.append(f'<line x1="{X0}" y1="{y(level):.1f}" x2="{X1}" y2="{y(level):.1f}" stroke="#888" stroke-dasharray="2,3"/>')
    out.append(f'<text x="{X1 + 5}" y="{y(level) + 4:.1f}">{name}</text>')
for i, (label, path, colour, dash) in enumerate(ROWS):
    if not path.exists():
        continue
    row = json.loads(path.read_text())
    points = " ".join(f"{x(p['seconds']):.1f},{y(100 * p['accuracy']):.1f}" for p in row["curve"])
    out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"'
               + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
    test = 100 * row["accuracy"]
    out.append(f'<circle cx="{x(row["wallSeconds"]):.1f}" cy="{y(test):.1f}" r="4" fill="{colour}"/>')
    out.append(f'<line x1="{X1 + 5}" y1="{60 + 18 * i}" x2="{X1 + 35}" y2="{60 + 18 * i}" stroke="{colour}"'
               + (f' stroke-dasharray="{dash}"' if dash else "") + ' stroke-width="1.5"/>')
    out.append(f'<text x="{X1 + 40}" y="{64 + 18 * i}">{label}: test {test:.2f}</text>')
out.append("</svg>")
(HERE / "val-curves.svg").write_text("\n".join(out) + "\n")
