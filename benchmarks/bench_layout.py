"""Automatic layout of 200 and 1,000 nested boxes: the built-in engine next to Graphviz dot.

Prints the times of the geometry alone and with every arrow's route, the ratio dot / built-in,
and counts sibling overlaps, parts outside their container and arrows that cross a box (the
generated arrows join random boxes far apart: beyond the router's search, such an arrow takes the
plain shape that crosses least). Then the time of 10,000 levels of nesting. Asserts nothing.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diagrammer.layout import layout_geometry, layout_operations  # noqa: E402
from diagrammer.layout.obstacles import BucketIndex  # noqa: E402
from diagrammer.layout.routing import crosses  # noqa: E402
from diagrammer.model import Document, Edge, Node, SetEdgeFields  # noqa: E402
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


def crossing(doc: Document, geometry: dict, routes: dict) -> int:
    """Arrows that pass through a box that is not one of their ends nor holds one."""
    tree, tops = containment_tree(doc)
    parent = {part: nid for nid, parts in tree.items() for part in parts}
    boxes = BucketIndex()
    stack = [(top, 0.0, 0.0) for top in tops]
    while stack:
        nid, px, py = stack.pop()
        x, y, w, h = geometry[nid]
        boxes.set(nid, (px + x, py + y, w, h))
        stack.extend((part, px + x, py + y) for part in tree[nid])
    count = 0
    for edge in doc.edges.values():
        allowed = {edge.source, edge.target}
        for end in (edge.source, edge.target):
            while end in parent:
                end = parent[end]
                allowed.add(end)
        points = routes.get(edge.id) or []
        count += any(key not in allowed and crosses(p, q, boxes.rects[key], 1.0)
                     for p, q in zip(points, points[1:], strict=False)
                     for key in boxes.query((min(p[0], q[0]), min(p[1], q[1]), abs(p[0] - q[0]), abs(p[1] - q[1]))))
    return count


def timed(doc: Document, engine: str, repeat: int) -> tuple[float, float, dict, int]:
    """Best time of the geometry alone and of the whole layout (geometry and every arrow's route),
    and how many arrows cross a box."""
    best = whole = float("inf")
    geometry: dict = {}
    routes: dict = {}
    for _ in range(repeat):
        started = time.perf_counter()
        geometry = layout_geometry(doc, engine=engine, timeout=600)
        best = min(best, time.perf_counter() - started)
        started = time.perf_counter()
        batch = layout_operations(doc, engine=engine, timeout=600)
        whole = min(whole, time.perf_counter() - started)
        routes = {op.edge_id: op.values["route"] for op in batch.operations if isinstance(op, SetEdgeFields)}
    return best, whole, geometry, crossing(doc, geometry, routes)


def main() -> None:
    has_dot = shutil.which("dot") is not None
    for n in (200, 1000):
        doc = generated(n)
        times = {}
        for engine in ("builtin", "dot") if has_dot else ("builtin",):
            geometry_time, whole, geometry, crossed = timed(doc, engine, 3 if n <= 200 else 1)
            times[engine] = geometry_time
            print(f"{engine:7}, {n:5,} boxes: layout {geometry_time * 1000:8.1f} ms, with arrow routes "
                  f"{whole * 1000:8.1f} ms   overlaps/outside: {problems(doc, geometry)}   "
                  f"arrows crossing a box: {crossed}/{len(doc.edges)}")
        if has_dot:
            print(f"ratio dot / builtin at {n:,} boxes: {times['dot'] / times['builtin']:.1f}x")
    if not has_dot:
        print("dot: not installed, no comparison")
    nodes = [Node("n0")] + [Node(f"n{i}", parent=f"n{i - 1}") for i in range(1, 10_000)]
    deep = Document.from_parts("", nodes, [Edge("e", "n9999", "n0")])
    started = time.perf_counter()
    layout_operations(deep, engine="builtin")
    print(f"builtin, 10,000 levels of nesting and an arrow from the innermost: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
