"""After an automatic layout a leaf is as big as its content: no empty space at the bottom of a box.

Outside a layout the size the user gave a box is kept (never smaller than its texts).
"""

from pathlib import Path

from PySide6.QtCore import Qt

from diagrammer.commands.layout import run_layout
from diagrammer.io.native import load_document, save_document
from diagrammer.layout.geometry import content_size
from diagrammer.rules import classify, display_order
from diagrammer.ui.measure import qt_measure
from tests.ui.conftest import doc_of

TALL = 300.0
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def tall_leaves():
    """A container with two leaves stored 300 high (short names), an optimizer and a plain leaf."""
    doc = doc_of(
        [("lab", "Lab", ["agent"], None, 0, 0, 520, 420),
         ("cat", "Cat", ["agent"], "lab", 14, 60, 200, TALL),
         ("dog", "Dog", [], "lab", 240, 60, 200, TALL),
         ("sgd", "SGD", ["optimizer"], None, 600, 0, 200, TALL)],
        [("e1", "sgd", "cat", "optimizes")],
    )  # fmt: skip
    doc.nodes["dog"].goal = "fetch the ball and bring it back to whoever threw it"
    return doc


def content_height(doc, nid: str) -> float:
    labels = classify(doc).labels.get(nid, ())
    return content_size(doc.nodes[nid], display_order(labels) if labels else (), qt_measure())[1]


def drawn(window, nid: str):
    item = window.editor.scene.node_items[nid]
    return item, item.mapRectToScene(item.box_rect())


def test_a_tall_leaf_keeps_its_size_until_ctrl_l_gives_it_its_content_height(open_window, qtbot):
    doc = tall_leaves()
    expected = {nid: content_height(doc, nid) for nid in ("cat", "dog", "sgd")}
    window = open_window(doc)
    for nid in expected:
        assert drawn(window, nid)[1].height() == TALL  # the user's size, as long as nobody lays out

    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.editor.undo_stack.undoText() == "Auto layout"
    for nid, height in expected.items():
        item, box = drawn(window, nid)
        assert height < TALL
        assert box.height() == height == item.layout.min_height
        assert window.document.nodes[nid].height == height  # what the file will store
        assert box.width() == 200  # the width is the user's: texts wrap at it
        for text in item.drawn_texts():
            assert "…" not in text
        for rect in item.text_rects():
            assert box.contains(item.mapRectToScene(rect))
    # The long goal wraps onto several lines, all inside the box.
    assert len(window.editor.scene.node_items["dog"].layout.goals) >= 2

    window.editor.undo_stack.undo()
    assert drawn(window, "cat")[1].height() == TALL


def test_the_layout_command_gives_leaves_their_content_height(qapp, tmp_path):
    doc = tall_leaves()
    expected = {nid: content_height(doc, nid) for nid in ("cat", "dog", "sgd")}
    path, out = tmp_path / "in.diagram.json", tmp_path / "out.diagram.json"
    save_document(doc, str(path))

    assert run_layout(str(path), str(out), engine="builtin") == 0

    laid = load_document(str(out))
    assert {nid: laid.nodes[nid].height for nid in expected} == expected
    assert all(height < TALL for height in expected.values())


def test_a_leaf_is_never_drawn_smaller_than_its_texts(open_window):
    doc = tall_leaves()
    doc.nodes["dog"].height = 20.0  # far less than its wrapped goal needs
    window = open_window(doc)
    item, box = drawn(window, "dog")
    assert box.height() == item.layout.min_height > 20.0
    for rect in item.text_rects():
        assert box.contains(item.mapRectToScene(rect))


def test_after_the_layout_command_no_leaf_of_an_example_has_empty_space_at_its_bottom(open_window, tmp_path):
    """The command measured badges in the rules' order while the box draws them in reading order,
    which packs them into fewer rows: "Hyperparameter search" was saved 20 px taller than drawn."""
    out = tmp_path / "out.diagram.json"
    assert run_layout(str(EXAMPLES / "learned-optimizer-chain.diagram.json"), str(out), engine="builtin") == 0

    window = open_window(load_document(str(out)))
    scene = window.editor.scene
    leaves = [nid for nid, item in scene.node_items.items() if not item.is_container]
    assert len(leaves) == 4
    for nid in leaves:
        item, box = drawn(window, nid)
        name = scene.document.nodes[nid].name
        assert box.height() == item.layout.min_height == window.document.nodes[nid].height, name
