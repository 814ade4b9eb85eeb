"""DOT import: the largest corpus file and a generated 2,000-node file, next to pydot's own parse.

Our import is pydot's parse plus Graphviz's semantics and the document; for nested text it also
turns pyparsing's memoizing on, without which pydot parses each nesting level twice. Prints both
times and the ratio import / pydot. Asserts nothing about time.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pydot  # noqa: E402

from diagrammer.io.dot import reads_dot  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dot"


def generated_dot(n: int = 2000, seed: int = 1) -> str:
    """Three levels of clusters (4 x 4 x 4), nodes spread over them, 1.5 labelled edges per node."""
    rng = random.Random(seed)
    lines = ["digraph generated {", "  compound=true;", "  node [shape=box];"]
    per_cluster = n // 64
    count = 0
    for a in range(4):
        lines.append(f'  subgraph cluster_{a} {{ label="Part {a}";')
        for b in range(4):
            lines.append(f'    subgraph cluster_{a}_{b} {{ label="Part {a}.{b}";')
            for c in range(4):
                lines.append(f'      subgraph cluster_{a}_{b}_{c} {{ label="Part {a}.{b}.{c}";')
                for _ in range(per_cluster):
                    lines.append(f'        v{count} [label="Node {count}", kinds="agent", goal="goal {count % 7}"];')
                    count += 1
                lines.append("      }")
            lines.append("    }")
        lines.append("  }")
    while count < n:
        lines.append(f'  v{count} [label="Node {count}"];')
        count += 1
    for i in range(int(n * 1.5)):
        kind = "optimizes" if i % 3 == 0 else "link"
        lines.append(f'  v{rng.randrange(n)} -> v{rng.randrange(n)} [kind={kind}, label="e{i}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def best_of(repeat: int, action) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def compare(title: str, text: str, repeat: int) -> None:
    def pydot_parse():
        with contextlib.redirect_stdout(io.StringIO()):
            assert pydot.graph_from_dot_data(text)

    ours = best_of(repeat, lambda: reads_dot(text))
    theirs = best_of(repeat, pydot_parse)
    doc = reads_dot(text)
    print(
        f"{title}: {len(text) / 1024:.0f} KB, {len(doc.nodes):,} nodes, {len(doc.edges):,} edges\n"
        f"  import {ours:7.2f} s   pydot.graph_from_dot_data {theirs:7.2f} s   ratio import / pydot {ours / theirs:.2f}"
    )


def main() -> None:
    if CORPUS.is_dir():
        largest = max(CORPUS.iterdir(), key=lambda p: p.stat().st_size)
        data = largest.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        compare(f"largest corpus file ({largest.name})", text, 2)
    compare("generated file", generated_dot(), 2)


if __name__ == "__main__":
    main()
