"""Automatic layout of 200 and 1,000 nested boxes: the built-in engine next to Graphviz dot.

Prints the times of the geometry alone and with every arrow's route, the ratio dot / built-in,
and counts sibling overlaps and parts outside their container. Asserts nothing about time.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diagrammer.layout import layout_geometry, layout_operations  # noqa: E402
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


def timed(doc: Document, engine: str, repeat: int) -> tuple[float, float, dict]:
    """Best time of the geometry alone and of the whole layout (geometry and every arrow's route)."""
    best = whole = float("inf")
    geometry: dict = {}
    for _ in range(repeat):
        started = time.perf_counter()
        geometry = layout_geometry(doc, engine=engine, timeout=600)
        best = min(best, time.perf_counter() - started)
        started = time.perf_counter()
        layout_operations(doc, engine=engine, timeout=600)
        whole = min(whole, time.perf_counter() - started)
    return best, whole, geometry


def main() -> None:
    has_dot = shutil.which("dot") is not None
    for n in (200, 1000):
        doc = generated(n)
        times = {}
        for engine in ("builtin", "dot") if has_dot else ("builtin",):
            geometry_time, whole, geometry = timed(doc, engine, 3 if n <= 200 else 1)
            times[engine] = geometry_time
            print(f"{engine:7}, {n:5,} boxes: layout {geometry_time * 1000:8.1f} ms, with arrow routes "
                  f"{whole * 1000:8.1f} ms   overlaps/outside: {problems(doc, geometry)}")
        if has_dot:
            print(f"ratio dot / builtin at {n:,} boxes: {times['dot'] / times['builtin']:.1f}x")
    if not has_dot:
        print("dot: not installed, no comparison")


if __name__ == "__main__":
    main()
