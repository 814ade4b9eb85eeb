"""Arrows following a dragged box at 1,000 boxes: milliseconds per mouse move.

A generated nested diagram of 1,000 boxes (1.2 arrows per box) is laid out by the built-in engine
and shown in the editor's scene; the box with the most arrows is then moved step by step as a
drag moves it, and each step re-routes the arrows that touch it (and any arrow it now lies
across). Prints the time per move next to the same moves with the router's work left out (the
items alone), and their ratio. Asserts nothing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.bench_layout import generated  # noqa: E402
from diagrammer.layout import layout_document  # noqa: E402
from diagrammer.ui.scene import DiagramScene  # noqa: E402

MOVES = 60


def main() -> None:
    app = QApplication.instance() or QApplication([])
    doc = generated(1000)
    layout_document(doc, engine="builtin")
    scene = DiagramScene(doc)
    scene.finish_routing()
    edges_of: dict[str, int] = {}
    for edge in doc.edges.values():
        for end in {edge.source, edge.target}:
            if not scene.document.children(end):
                edges_of[end] = edges_of.get(end, 0) + 1
    busiest = max(edges_of, key=edges_of.get)
    item = scene.node_items[busiest]
    start = item.pos()

    def drag(route: bool) -> float:
        item.setPos(start)
        started = time.perf_counter()
        for step in range(1, MOVES + 1):
            item.setPos(start.x() + 7 * step, start.y() + 3 * step)
            if route:
                scene._dragging = True  # as the scene's mouse move does
                scene.subtree_moved(busiest)
                scene._dragging = False
            app.processEvents()
        return (time.perf_counter() - started) / MOVES

    bare = drag(False)
    routed = drag(True)
    print(f"1,000 boxes, dragging a box with {edges_of[busiest]} arrows: {routed * 1000:.2f} ms per move "
          f"(without re-routing: {bare * 1000:.2f} ms; ratio {routed / bare:.1f}x)")


if __name__ == "__main__":
    main()
