"""Automatic layout: the built-in engine on 1,000 and 5,000 nested nodes, next to Graphviz dot on 1,000.

Prints the times and the ratio dot / built-in (the goal is at least 20) and checks that neither
layout overlaps siblings or lets a part stick out of its container. Asserts nothing about time.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diagrammer.layout import layout_geometry  # noqa: E402
from diagrammer.model import Document, Edge, Node  # noqa: E402
from diagrammer.model.forest import containment_tree  # noqa: E402


def generated(n: int, seed: int = 1) -> Document:
    """Nested diagram: about 70% of the nodes inside a recent node, 1.2 arrows per node."""
    rng = random.Random(seed)
    nodes: list[Node] = []
    for i in range(n):
        parent = None
        if nodes and rng.random() < 0.7:
            parent = rng.choice(nodes[-40:] if rng.random() < 0.7 else nodes).id
        nodes.append(Node(f"v{i}", f"Node {i}", parent=parent, width=rng.choice([180.0, 120.0, 240.0])))
    edges = [
        Edge(f"e{i}", rng.choice(nodes).id, rng.choice(nodes).id, rng.choice(["optimizes", "link"]))
        for i in range(int(n * 1.2))
    ]
    return Document.from_parts("benchmark", nodes, edges)


def problems(doc: Document, geometry: dict) -> int:
    """Sibling overlaps plus parts outside their container."""
    tree, tops = containment_tree(doc)
    count = 0
    for parent, parts in [(None, tops), *tree.items()]:
        boxes = sorted((*geometry[p][:4],) for p in parts)
        if parent is not None:
            width, height = geometry[parent][2:]
            count += sum(1 for x, y, w, h in boxes if x < 0 or y < 0 or x + w > width or y + h > height)
        for i, (x, y, w, h) in enumerate(boxes):
            for x2, y2, _, h2 in boxes[i + 1 :]:
                if x2 >= x + w:
                    break
                count += y2 < y + h and y < y2 + h2
    return count


def timed(doc: Document, engine: str, repeat: int) -> tuple[float, dict]:
    best = float("inf")
    geometry: dict = {}
    for _ in range(repeat):
        started = time.perf_counter()
        geometry = layout_geometry(doc, engine=engine, timeout=600)
        best = min(best, time.perf_counter() - started)
    return best, geometry


def main() -> None:
    small, large = generated(1000), generated(5000)
    builtin_small, geometry = timed(small, "builtin", 5)
    print(f"builtin, 1,000 nodes: {builtin_small * 1000:8.1f} ms   overlaps/outside: {problems(small, geometry)}")
    builtin_large, geometry = timed(large, "builtin", 3)
    print(f"builtin, 5,000 nodes: {builtin_large * 1000:8.1f} ms   overlaps/outside: {problems(large, geometry)}")
    if shutil.which("dot") is None:
        print("dot: not installed, no comparison")
        return
    dot_small, geometry = timed(small, "dot", 2)
    print(f"dot,     1,000 nodes: {dot_small * 1000:8.1f} ms   overlaps/outside: {problems(small, geometry)}")
    print(f"ratio dot / builtin at 1,000 nodes: {dot_small / builtin_small:.1f}x (goal: at least 20x)")


if __name__ == "__main__":
    main()
