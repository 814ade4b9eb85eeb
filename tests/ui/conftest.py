"""UI test helpers: a fresh settings folder, windows on a document, and real mouse drags."""

import gc
import os
import tempfile

import pytest

_CONFIG = tempfile.mkdtemp(prefix="diagrammer-test-config-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_CONFIG, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_CONFIG, "data")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from diagrammer.model import Document, Edge, Node  # noqa: E402
from diagrammer.ui.app import make_application  # noqa: E402


@pytest.fixture(scope="session")
def qapp():
    app = make_application()
    app.setOrganizationName("DiagrammerTests")
    return app


@pytest.fixture(autouse=True)
def _qt_objects_freed_on_this_thread(request):
    """After each test, the windows it closed are deleted and the scenes and editors it made are freed,
    here on the UI thread. Left to Python's collector they would be freed wherever it next runs: on a
    worker thread of a later test (an open's, or pytest-xdist's own), where Qt cannot stop their timers,
    and a timer event then reached freed memory (a worker crashed in CI). The editor owns its Qt objects
    (docs/architecture.md); the tests make scenes and editors of their own."""
    yield
    if "qapp" in request.fixturenames:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


@pytest.fixture
def dialogs(monkeypatch):
    """Record message boxes instead of blocking on them; answers to questions can be queued."""
    from diagrammer.ui import dialogs as dialogs_module

    record = {"critical": [], "warning": [], "question": [], "answers": [], "formats": []}
    kinds = {QMessageBox.Icon.Critical: "critical", QMessageBox.Icon.Warning: "warning",
             QMessageBox.Icon.Question: "question"}

    def run(box):
        record[kinds[box.icon()]].append((box.windowTitle(), box.text()))
        record["formats"].append(box.textFormat())
        if box.icon() == QMessageBox.Icon.Question:
            return record["answers"].pop(0) if record["answers"] else QMessageBox.StandardButton.Cancel
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(dialogs_module, "run", run)
    return record


@pytest.fixture
def open_window(qapp, qtbot, dialogs):
    """Open a main window on a document; windows are closed without prompts afterwards."""
    from diagrammer.ui.main_window import MainWindow

    windows = []

    def make(document=None, path=None):
        window = MainWindow(document, path)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        window.view.set_zoom(1.0)
        window.view.centerOn(300, 250)
        windows.append(window)
        return window

    yield make
    for window in windows:
        try:
            window.editor.undo_stack.setClean()
            window.close()
        except RuntimeError:  # already deleted by Qt
            pass


def doc_of(nodes, edges=()):
    """A document from (id, name, kinds, parent, x, y, w, h) tuples and (id, source, target, kind) edges."""
    made = []
    for spec in nodes:
        nid, name, kinds, parent, x, y, w, h = spec
        made.append(Node(nid, name=name, kinds=list(kinds), parent=parent, x=x, y=y, width=w, height=h))
    return Document.from_parts("t", made, [Edge(e, s, t, kind=k) for e, s, t, k in edges])


def scene_point(window, x, y) -> QPoint:
    return window.view.mapFromScene(QPointF(x, y))


def _send(widget, kind, pos: QPoint, button, buttons, modifiers=Qt.KeyboardModifier.NoModifier):
    local = QPointF(pos)
    event = QMouseEvent(kind, local, QPointF(widget.mapToGlobal(pos)), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag(window, start, end, steps=8, modifiers=Qt.KeyboardModifier.NoModifier):
    """Press at scene point ``start``, move to ``end`` with the button held, release: a user's drag."""
    viewport = window.view.viewport()
    a = scene_point(window, *start)
    b = scene_point(window, *end)
    left = Qt.MouseButton.LeftButton
    _send(viewport, QMouseEvent.Type.MouseButtonPress, a, left, left, modifiers)
    for i in range(1, steps + 1):
        p = QPoint(a.x() + (b.x() - a.x()) * i // steps, a.y() + (b.y() - a.y()) * i // steps)
        _send(viewport, QMouseEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, left, modifiers)
    _send(viewport, QMouseEvent.Type.MouseButtonRelease, b, left, Qt.MouseButton.NoButton, modifiers)
    QApplication.processEvents()


def click(window, x, y, modifiers=Qt.KeyboardModifier.NoModifier):
    viewport = window.view.viewport()
    p = scene_point(window, x, y)
    left = Qt.MouseButton.LeftButton
    _send(viewport, QMouseEvent.Type.MouseButtonPress, p, left, left, modifiers)
    _send(viewport, QMouseEvent.Type.MouseButtonRelease, p, left, Qt.MouseButton.NoButton, modifiers)
    QApplication.processEvents()
