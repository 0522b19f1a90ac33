#!/usr/bin/env python3
"""Val accuracy against wall time for several bench-reproduce rows of one paper cell, in one SVG.

Each row is LABEL=JSON[:COLOUR[:DASH]], JSON a row's result from scripts/bench-reproduce.sh (its curve of seconds,
step and accuracy; its test accuracy, marked as a dot at its wall time). Standard library only, e.g.

    scripts/plot-val-curves.py --out docs/results/X/val-curves.svg --paper 87.4 --title "FAITHFUL 5-step" \
        "seed 1=docs/results/X/seed-1/amortized-bnn-5-faithful.json:#1f77b4" ...
"""
import argparse
import json
import math
from pathlib import Path

W, H, X0, Y0, X1, Y1 = 900, 480, 60, 40, 700, 420


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--title", default="val accuracy (100 episodes) against wall time; dots: test (1000 episodes)")
    p.add_argument("--paper", type=float, help="the paper's accuracy in percent: drawn with paper - 1")
    p.add_argument("rows", nargs="+", metavar="LABEL=JSON[:COLOUR[:DASH]]")
    a = p.parse_args()
    rows = []
    for spec in a.rows:
        label, _, rest = spec.partition("=")
        path, colour, dash = (rest.split(":", 2) + ["#1f77b4", ""])[:3]
        if not label or not Path(path).is_file():
            p.error(f"expected LABEL=JSON with an existing JSON file, got '{spec}'")
        rows.append((label, json.loads(Path(path).read_text()), colour, dash))
    a.out.write_text(svg(rows, a.title, a.paper))
    print(f"wrote {a.out}")


def svg(rows, title, paper):
    accuracies = [100 * pt["accuracy"] for _, r, _, _ in rows for pt in r["curve"]]
    accuracies += [100 * r["accuracy"] for _, r, _, _ in rows] + ([paper - 1, paper] if paper else [])
    a_min, a_max = 2 * math.floor(min(accuracies) / 2), 2 * math.ceil(max(accuracies) / 2)
    t_max = 1800 * math.ceil(max(max([r["wallSeconds"]] + [pt["seconds"] for pt in r["curve"]])
                                 for _, r, _, _ in rows) / 1800)

    def x(seconds):
        return X0 + (X1 - X0) * seconds / t_max

    def y(percent):
        return Y1 - (Y1 - Y0) * (percent - a_min) / (a_max - a_min)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>', f'<text x="{X0}" y="20" font-size="14">{title}</text>']
    for level in range(a_min, a_max + 1, 2):
        out.append(f'<line x1="{X0}" y1="{y(level):.1f}" x2="{X1}" y2="{y(level):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{X0 - 5}" y="{y(level) + 4:.1f}" text-anchor="end">{level}%</text>')
    for s in range(0, t_max + 1, 1800):
        out.append(f'<text x="{x(s):.1f}" y="{Y1 + 16}" text-anchor="middle">{s // 60} min</text>')
    for level, name in ((paper, f"paper {paper}"), (paper - 1, "paper - 1")) if paper else ():
        out.append(f'<line x1="{X0}" y1="{y(level):.1f}" x2="{X1}" y2="{y(level):.1f}" stroke="#888" '
                   'stroke-dasharray="2,3"/>')
        out.append(f'<text x="{X1 + 5}" y="{y(level) + 4:.1f}">{name}</text>')
    for i, (label, row, colour, dash) in enumerate(rows):
        style = f' stroke="{colour}" stroke-width="1.5"' + (f' stroke-dasharray="{dash}"' if dash else "")
        points = " ".join(f"{x(pt['seconds']):.1f},{y(100 * pt['accuracy']):.1f}" for pt in row["curve"])
        out.append(f'<polyline points="{points}" fill="none"{style}/>')
        test = 100 * row["accuracy"]
        out.append(f'<circle cx="{x(row["wallSeconds"]):.1f}" cy="{y(test):.1f}" r="4" fill="{colour}"/>')
        out.append(f'<line x1="{X1 + 5}" y1="{60 + 18 * i}" x2="{X1 + 35}" y2="{60 + 18 * i}"{style}/>')
        out.append(f'<text x="{X1 + 40}" y="{64 + 18 * i}">{label}: test {test:.2f}</text>')
    return "\n".join(out + ["</svg>"]) + "\n"


if __name__ == "__main__":
    main()
