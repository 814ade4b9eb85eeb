"""The model and the rules on very deep and very long structures: time at two sizes and the growth.

The tests check that this work grows linearly by counting steps (tests/work.py); this prints the
times they used to assert ("under N seconds"), at the size the tests use and at a tenth of it, and
the ratio. The steps grow exactly 10x (the tests count them); the times grow more, 12-45x on a
shared 2-core machine, from memory: the bigger run allocates ten times the objects, and Python's
garbage collector passes over them (with the collector off for a trial run the times grew 11-16x).
Asserts nothing: shared machines are noisy. Each figure is the best of three runs. ``run_all.py``
runs it with the others (it runs every ``bench_*.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from diagrammer.model import AddSubtree, Document, Edge, Node, RemoveNodes
from diagrammer.rules import classify

RUNS = 3


def best(prepare: Callable[[int], Callable[[], object]], size: int) -> float:
    """The least time of ``RUNS`` runs of the call ``prepare(size)`` returns (preparing is not timed)."""
    times = []
    for _ in range(RUNS):
        call = prepare(size)
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def chain_nodes(depth: int) -> list[Node]:
    return [Node(f"n{i}", parent=f"n{i - 1}" if i else None, x=1.0, y=2.0) for i in range(depth)]


def forest(depth: int):
    doc = Document.from_parts("", chain_nodes(depth), [])
    return lambda: doc.forest


def remove_undo_redo(depth: int):
    doc = Document.from_parts("deep", chain_nodes(depth), [Edge("e", "n0", f"n{depth - 1}")])
    return lambda: doc.apply(doc.apply(doc.apply(RemoveNodes(["n0"]))))


def build_and_undo(depth: int):
    doc, nodes = Document(), chain_nodes(depth)
    return lambda: doc.apply(doc.apply(AddSubtree([(n, None) for n in nodes])))


def classify_nesting(depth: int):
    nodes = [Node("trainer", "Trainer", ["optimizer"], designed_by_humans=True, goal="g")]
    nodes += [Node(f"c{i}", f"Level {i}", ["agent", "optimizer"], goal="g", parent=f"c{i - 1}" if i else None)
              for i in range(depth)]
    edges = [Edge("train", "trainer", "c0"), Edge("down", "c0", f"c{depth - 1}"), Edge("up", f"c{depth - 1}", "c0")]
    doc = Document.from_parts("deep", nodes, edges)
    return lambda: classify(doc)


def classify_chain(depth: int):
    nodes = [Node(f"o{i}", kinds=["optimizer"], goal="g") for i in range(depth)]
    edges = [Edge(f"e{i}", f"o{i}", f"o{i + 1}") for i in range(depth - 1)]
    doc = Document.from_parts("long", nodes[::-1], edges[::-1])
    return lambda: classify(doc)


def why_chain(depth: int):
    nodes = [Node(f"o{i}", kinds=["optimizer"]) for i in range(depth)]
    edges = [Edge(f"e{i}", f"o{i}", f"o{i + 1}") for i in range(depth - 1)]
    result = classify(Document.from_parts("long", nodes, edges))
    return lambda: result.why(f"o{depth - 1}", "mesa-mesa-optimizer")


CASES = [
    ("containment forest of a chain", forest, 100_000),
    ("remove, undo, redo a chain", remove_undo_redo, 10_000),
    ("add a chain in one step, undo", build_and_undo, 10_000),
    ("classify a nested chain", classify_nesting, 10_000),
    ("classify an optimizer chain", classify_chain, 10_000),
    ("why of the chain's last label", why_chain, 10_000),
]


def main() -> None:
    print(f"{'case':34} {'size':>8} {'time':>9} {'tenth':>9} {'growth':>7}")
    for name, prepare, size in CASES:
        small, big = best(prepare, size // 10), best(prepare, size)
        print(f"{name:34} {size:8,} {big:8.3f}s {small:8.4f}s {big / small:6.1f}x", flush=True)


if __name__ == "__main__":
    main()
