"""Select All, Delete, Cut and Copy of 5,000 boxes: keys on the canvas, one dock refresh each."""


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from diagrammer.model import Document, Edge, Node

COUNT = 5_000


def big_document():
    nodes = [Node(f"n{i}", f"Box {i}", ["agent"] if i % 3 == 0 else [], x=(i % 70) * 220.0,
                  y=(i // 70) * 120.0) for i in range(COUNT)]  # fmt: skip
    edges = [Edge(f"e{i}", f"n{i}", f"n{i + 1}") for i in range(0, COUNT - 1, 2)]
    return Document.from_parts("big", nodes, edges)


@pytest.fixture
def big_window(open_window, monkeypatch):
    window = open_window(big_document())
    refreshes = []
    real = window.properties.show_selection
    monkeypatch.setattr(window.properties, "show_selection",
                        lambda *args: refreshes.append(len(args[1])) or real(*args))  # fmt: skip
    window.refreshes = refreshes
    return window


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key on the canvas, as a user presses it (times are benchmarks/bench_select_all.py's to print)."""
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(window.view.viewport(), key, modifiers)
    QApplication.processEvents()


def test_select_all_then_delete(big_window):
    window = big_window
    press(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.editor.scene.selected_node_ids()) == COUNT
    assert window.refreshes == [COUNT], "the docks update once"
    window.refreshes.clear()
    press(window, Qt.Key.Key_Delete)
    assert window.document.nodes == {}
    assert window.refreshes == [0]
    window.actions["undo"].trigger()
    assert len(window.document.nodes) == COUNT


def test_copy_and_cut(big_window):
    window = big_window
    press(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    window.refreshes.clear()
    press(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert window.refreshes == []
    press(window, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert window.document.nodes == {}
    assert window.refreshes == [0]
    window.refreshes.clear()
    press(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # paste has no budget of its own
    assert len(window.document.nodes) == COUNT
    assert len(window.editor.scene.selected_node_ids()) == COUNT, "the pasted boxes are selected"
    assert window.refreshes[-1] == COUNT and len(window.refreshes) <= 2
