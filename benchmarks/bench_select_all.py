"""Select All, Delete, Copy and Cut at 5,000 boxes (and 2,500 arrows), as the editor's actions run them.

Budget (architecture.md): each at most 0.5 s. Prints the time of each action including the
events that follow it (repaint, and the re-classification when it falls due within that time);
asserts nothing (shared machines are noisy).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diagrammer.model import Document, Edge, Node  # noqa: E402
from diagrammer.ui.app import make_application  # noqa: E402
from diagrammer.ui.main_window import MainWindow  # noqa: E402

COUNT = 5_000


def document() -> Document:
    nodes = [Node(f"n{i}", f"Box {i}", ["agent"] if i % 3 == 0 else [], x=(i % 70) * 220.0, y=(i // 70) * 120.0)
             for i in range(COUNT)]  # fmt: skip
    edges = [Edge(f"e{i}", f"n{i}", f"n{i + 1}") for i in range(0, COUNT - 1, 2)]
    return Document.from_parts("bench", nodes, edges)


def timed(app, window, action) -> float:
    # A re-classification left pending by the previous action is not this action's time.
    window.editor.flush()
    app.processEvents()
    started = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - started


def main() -> None:
    app = make_application()
    window = MainWindow(document())
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    figures = {}
    for name in ("select-all", "copy", "delete"):
        figures[name] = timed(app, window, window.actions[name].trigger)
        if name == "delete":
            window.actions["undo"].trigger()
            app.processEvents()
    figures["select-all again"] = timed(app, window, window.actions["select-all"].trigger)
    figures["cut"] = timed(app, window, window.actions["cut"].trigger)
    for name, seconds in figures.items():
        print(f"{name:>16} at {COUNT:,} boxes: {seconds:6.3f} s  (budget 0.5 s)")
    window.editor.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
