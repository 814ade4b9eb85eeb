"""Files in the editor: failed saves, cancelled opens, DOT files, markup kept as plain text."""

import os
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from diagrammer.io.native import dumps_document
from diagrammer.ui import window_files
from tests.ui.conftest import doc_of

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_failed_save_says_why_and_keeps_everything(open_window, tmp_path, dialogs):
    doc = doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)])
    window = open_window(doc)
    window.editor.edit_nodes(["a"], {"name": "Changed"})
    target = tmp_path / "missing-folder" / "x.diagram.json"
    assert window._save_to(str(target)) is False
    title, text = dialogs["critical"][0]
    assert title == "Cannot save the file"
    assert "x.diagram.json" in text and "folder does not exist" in text and "\n" not in text
    assert window.isWindowModified() and window.path is None
    assert doc.nodes["a"].name == "Changed"
    assert not target.exists()


def test_failed_save_over_an_existing_file_leaves_it_byte_identical(open_window, tmp_path, dialogs, monkeypatch):
    doc = doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)])
    window = open_window(doc)
    path = tmp_path / "kept.diagram.json"
    assert window._save_to(str(path))
    before = path.read_bytes()
    window.editor.edit_nodes(["a"], {"name": "Changed"})

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert window.save() is False
    assert "the disk is full" in dialogs["critical"][0][1]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kept.diagram.json"], "no temporary file is left behind"
    assert window.isWindowModified()


def test_a_slow_open_shows_progress_and_cancel_changes_nothing(open_window, tmp_path, monkeypatch):
    doc = doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)])
    window = open_window(doc)
    before = dumps_document(doc)
    released = threading.Event()

    def slow_load(path, cancel):
        while not cancel.is_set():
            time.sleep(0.01)
        released.set()
        raise AssertionError("never used")

    monkeypatch.setattr(window_files, "load_and_prepare", slow_load)
    seen = []

    def press_cancel():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(50, press_cancel)
            return
        seen.append(dialogs[0].labelText())
        dialogs[0].cancel()

    QTimer.singleShot(50, press_cancel)
    assert window.open_path(str(tmp_path / "huge.diagram.json")) is None
    assert seen == ["Opening huge.diagram.json…"]
    assert released.wait(2), "the worker was told to stop"
    assert dumps_document(window.document) == before
    assert window.statusBar().currentMessage() == "Opening huge.diagram.json was cancelled."


def test_opening_a_dot_file_lays_it_out_and_labels_it(open_window, tmp_path):
    path = tmp_path / "g.dot"
    path.write_text('digraph { subgraph cluster_m { label="Mind"; a [label="Shard", kinds="agent"] } '
                    'x [label="Trainer", kinds="optimizer"]; y [label="Model", kinds="optimizer"]; '
                    'x -> y [kind=optimizes] }', encoding="utf-8")
    window = open_window()
    assert window.open_path(str(path)) is window
    doc = window.document
    names = {n.name: n for n in doc.nodes.values()}
    assert set(names) == {"Mind", "Shard", "Trainer", "Model"}
    assert all(n.x is not None and n.y is not None for n in doc.nodes.values())
    window.editor.flush()
    assert "mesa-optimizer" in window.editor.scene.node_items[names["Model"].id].labels
    assert window.windowTitle() == "g.dot[*] — Diagrammer"


def test_markup_in_a_name_is_shown_as_literal_text(open_window):
    doc = doc_of([("a", "<b>x</b><img src=x>", ["agent"], None, 0, 0, 260, 84)])
    window = open_window(doc)
    item = window.editor.scene.node_items["a"]
    assert item.drawn_texts()[0] == "<b>x</b><img src=x>"
    assert item.tooltip_text().splitlines()[0] == "<b>x</b><img src=x>"
    window.editor.scene.select_ids(["a"])
    assert window.properties.name_edit.text() == "<b>x</b><img src=x>"
    assert window.labels_panel.text().startswith("<b>x</b><img src=x>")


def test_auto_layout_is_one_undo_step(open_window):
    doc = doc_of([("a", "A", ["optimizer"], None, 0, 0, 180, 84), ("b", "B", [], None, 0, 0, 180, 84)],
                 [("e1", "a", "b", "optimizes")])
    window = open_window(doc)
    before = dumps_document(doc)
    window.actions["auto-layout"].trigger()
    a, b = doc.nodes["a"], doc.nodes["b"]
    overlap = a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height
    assert not overlap
    assert window.editor.undo_stack.count() == 1
    window.actions["undo"].trigger()
    assert dumps_document(doc) == before


DEEP = """
import sys
from PySide6.QtWidgets import QApplication
from diagrammer.ui.app import make_application
from diagrammer.model import Document, Node
from diagrammer.ui.main_window import MainWindow
from diagrammer.ui.export import ExportOptions, export_document
app = make_application()
nodes = [Node(f"n{i}", name=f"Level {i}", kinds=["agent"], parent=f"n{i - 1}" if i else None,
              x=14.0, y=72.0, width=200.0, height=100.0) for i in range(10000)]
doc = Document.from_parts("deep", nodes, [])
window = MainWindow(doc)
window.show()
window.view.fit()
window.view.viewport().grab()
before = window.editor.scene.node_items["n9999"].scenePos()
window.editor.drop([("n0", None, 300.0, 200.0)])
deepest = window.editor.scene.node_items["n9999"].scenePos() - before
export_document(doc, sys.argv[1], ExportOptions(format="png", scale=0.005))
window.editor.undo_stack.setClean()
window.close()
print(deepest.x(), deepest.y())
"""


def test_ten_thousand_levels_of_nesting_open_move_and_export(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "deep.png"
    result = subprocess.run([sys.executable, "-c", DEEP, str(out)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr[-2000:]
    x, y = map(float, result.stdout.split())
    assert (x, y) == (300.0 - 14.0, 200.0 - 72.0), "the deepest part moved with the top box"
    assert out.stat().st_size > 0


def test_dialogs_show_file_names_literally(open_window, tmp_path, dialogs):
    from PySide6.QtCore import Qt

    window = open_window()
    bad = tmp_path / "<b>x<img src=x>.json"
    bad.write_text("[", encoding="utf-8")
    assert window.open_path(str(bad)) is None
    title, text = dialogs["critical"][0]
    assert "<b>x<img src=x>.json" in text
    assert dialogs["formats"] == [Qt.TextFormat.PlainText]


def test_dropping_a_file_on_the_window_opens_it(open_window, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from diagrammer.io.native import save_document

    path = tmp_path / "dropped.diagram.json"
    save_document(doc_of([("a", "Dropped", ["agent"], None, 0, 0, 180, 84)]), path)
    window = open_window()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.view.viewport(), enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.view.viewport(), event)
    assert [n.name for n in window.document.nodes.values()] == ["Dropped"]
    assert window.path == str(path)


def test_a_dot_file_with_two_graphs_opens_the_first_with_a_notice(open_window, tmp_path):
    path = tmp_path / "two.gv"
    path.write_text("digraph { a } digraph { b }", encoding="utf-8")
    window = open_window()
    assert window.open_path(str(path)) is window
    assert [n.name for n in window.document.nodes.values()] == ["a"]
    assert window.statusBar().currentMessage() == "The file holds 2 graphs; only the first was imported."


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_opening_a_named_pipe_nobody_writes_to_shows_the_sentence_instead_of_waiting(open_window, tmp_path, dialogs):
    window = open_window(doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)]))
    pipe = tmp_path / "pipe.diagram.json"
    os.mkfifo(pipe)
    opened, stuck = threading.Event(), []

    def unblock():
        # Were the editor waiting for a writer, its reader would still be there after 3 s: connect a
        # writer so that the test ends, and say so.
        if opened.wait(3):
            return
        descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        stuck.append(True)
        os.close(descriptor)

    guard = threading.Thread(target=unblock)
    guard.start()
    try:
        assert window.open_path(str(pipe)) is None
    finally:
        opened.set()
        guard.join()
    assert stuck == []
    assert dialogs["critical"] == [("Cannot open the file", f'Cannot open "{pipe}": the file is empty.')]
    assert list(window.document.nodes) == ["a"]


def test_a_dot_file_opened_in_the_window_is_laid_out_at_the_sizes_drawn(open_window, tmp_path):
    """Long names and goals make boxes taller than a DOT file says: the layout must use the drawn sizes."""
    from tests.ui.test_box_pictures import picture_faults

    goal = "reach a state where every part of the plan is checked twice by someone else"
    nodes = "; ".join(f'n{i} [label="A rather long name for box number {i}", kinds="agent optimizer", '
                      f'goal="{goal}"]' for i in range(6))
    path = tmp_path / "long.dot"
    path.write_text(f"digraph {{ rankdir=LR; n0 -> n1; {nodes}; "
                    "subgraph cluster_a { label=\"Holder\"; n2; n3 } }", encoding="utf-8")
    window = open_window()
    assert window.open_path(str(path)) is window
    window.editor.flush()
    scene = window.editor.scene
    assert picture_faults(scene) == []
    leaves = [nid for nid, item in scene.node_items.items() if not item.is_container]
    laid_out = {nid: (window.document.nodes[nid].width, window.document.nodes[nid].height) for nid in leaves}
    drawn = {nid: (scene.node_items[nid].box_rect().width(), scene.node_items[nid].box_rect().height())
             for nid in laid_out}
    assert laid_out == drawn
