"""What the editor draws: boxes apart, arrows around boxes and texts, apart from each other and longer
than their heads, on every example as shipped, after Ctrl+L and after ``diagrammer layout``; arrows
follow a dragged box; a stored route is drawn until its boxes move."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from diagrammer.io.native import load_document
from diagrammer.layout.labels import LABEL_HEIGHT
from diagrammer.paths import examples_dir
from diagrammer.ui.edge_item import LABEL_PADDING, LABEL_WRAP
from diagrammer.ui.layout_sizes import header_height, text_width
from tests.layout.pictures import Arrow, Picture, assert_clean, problems
from tests.ui.conftest import doc_of, drag

EXAMPLES = sorted(examples_dir().glob("*.json"))
HAS_DOT = shutil.which("dot") is not None


def scene_picture(scene) -> Picture:
    """The scene items' own geometry: box rectangles, header texts, arrow polylines and labels."""
    scene.finish_routing()
    picture = Picture()
    for nid, item in scene.node_items.items():
        rect = item.mapRectToScene(item.box_rect())
        box = (rect.x(), rect.y(), rect.width(), rect.height())
        picture.boxes[nid] = box
        picture.parent[nid] = scene._parent_of.get(nid)
        header = header_height(item)
        picture.text[nid] = box if header is None else (box[0], box[1], text_width(item), header)
    for eid, item in scene.edge_items.items():
        label = item.label_rect
        picture.arrows[eid] = Arrow(
            list(item.points), item.edge.source, item.edge.target,
            None if label is None else (label.x(), label.y(), label.width(), label.height()),
        )  # fmt: skip
    return picture


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_after_ctrl_l(open_window, qtbot, path):
    window = open_window(load_document(path), str(path))
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.undo_stack.undoText() == "Auto layout"
    assert_clean(scene_picture(window.editor.scene))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_after_the_layout_command(open_window, tmp_path, path):
    out = tmp_path / "out.diagram.json"
    result = subprocess.run([sys.executable, "-m", "diagrammer", "layout", str(path), "-o", str(out)],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    doc = load_document(out)
    assert_clean(scene_picture(open_window(doc, str(out)).editor.scene))


def test_no_example_arrow_crosses_a_box_or_a_text_as_shipped(open_window):
    for path in EXAMPLES:
        found = problems(scene_picture(open_window(load_document(path), str(path)).editor.scene))
        assert not found["arrows crossing"], (path.name, found["arrows crossing"])
        assert not found["shared stretches"], (path.name, found["shared stretches"])
        assert not found["arrows shorter than their head"], path.name


def test_two_arrows_between_two_adjacent_boxes_are_two_visible_arrows(open_window):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 190, 0, 180, 84)],
                 [("ab", "a", "b", "optimizes"), ("ba", "b", "a", "link")])  # fmt: skip
    window = open_window(doc)
    picture = scene_picture(window.editor.scene)
    assert_clean(picture)
    assert picture.arrows["ab"].points != list(reversed(picture.arrows["ba"].points))


def test_an_arrow_goes_round_a_box_in_its_way_and_follows_a_drag(open_window):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84), ("wall", "Wall", [], None, -100, 150, 380, 60),
                  ("b", "B", [], None, 0, 300, 180, 84)], [("e", "a", "b", "link")])  # fmt: skip
    window = open_window(doc)
    scene = window.editor.scene
    assert_clean(scene_picture(scene))
    assert len(scene.edge_items["e"].points) > 2  # not straight through the wall
    drag(window, (90, 340), (600, 340))  # B to the right, clear of the wall
    assert doc.nodes["b"].x == 510
    picture = scene_picture(scene)
    assert_clean(picture)
    assert picture.arrows["e"].points[-1][0] == 510  # into B's left side


def test_a_stored_route_is_drawn_until_its_box_moves(open_window):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 400, 0, 180, 84)],
                 [("e", "a", "b", "link")])
    doc.edges["e"].route = [(180.0, 42.0), (290.0, 42.0), (290.0, 20.0), (400.0, 20.0)]
    window = open_window(doc)
    scene = window.editor.scene
    assert scene.edge_items["e"].points == doc.edges["e"].route
    drag(window, (490, 60), (490, 160))  # B down by 100
    assert scene.edge_items["e"].points[-1] == (400.0, 142.0)
    assert_clean(scene_picture(scene))


def test_an_arrow_label_is_placed_clear_of_boxes_and_other_arrows(open_window):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 0, 300, 180, 84),
                  ("c", "C", [], None, 400, 300, 180, 84)],
                 [("e1", "a", "b", "optimizes"), ("e2", "a", "c", "link")])  # fmt: skip
    doc.edges["e1"].label = "trains"
    doc.edges["e2"].label = "watches"
    window = open_window(doc)
    picture = scene_picture(window.editor.scene)
    assert_clean(picture)
    for eid in ("e1", "e2"):
        label = picture.arrows[eid].label
        assert label is not None
        assert not any(label[0] < b[0] + b[2] and b[0] < label[0] + label[2] and label[1] < b[1] + b[3]
                       and b[1] < label[1] + label[3] for b in picture.boxes.values())  # fmt: skip


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_after_ctrl_l_the_window_draws_the_routes_it_saves(open_window, qtbot, path):
    """A layout that left every box where it was (the examples are laid out already) re-routed every
    arrow in the window, since each box was 'moved': the window showed right angles, the file and
    every export the layout's curves."""
    window = open_window(load_document(path), str(path))
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.undo_stack.undoText() == "Auto layout"
    scene = window.editor.scene
    scene.finish_routing()
    for eid, item in scene.edge_items.items():
        assert [tuple(p) for p in item.points] == [tuple(p) for p in window.document.edges[eid].route], eid


NESTED_LABELS = """digraph G {
  subgraph cluster_world { label="World";
    subgraph cluster_lab { label="AI Lab"; kinds="agent";
      subgraph cluster_model { label="Trained model"; kinds="agent";
        Planner [kinds="optimizer"]; WorldModel [label="World model"];
      }
      Trainer [label="Training loop", kinds="optimizer", designed_by_humans=true];
    }
    Humans [kinds="agent,optimizer"];
  }
  Evolution [kinds="optimizer"];
  Evolution -> Humans [label="produces", kind=optimizes];
  Humans -> Trainer [label="designs"];
  Trainer -> Planner [label="optimizes", kind=optimizes];
  Planner -> WorldModel [label="queries"];
}
"""


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz is not installed")
def test_labels_of_arrows_in_nested_containers_sit_clear_of_borders_and_texts(open_window, tmp_path):
    """A new user's file: "designs" and "optimizes" straddled the right borders of AI Lab and
    Trained model; Graphviz now keeps room for each label, and the label goes where it covers least."""
    path = tmp_path / "nested.dot"
    path.write_text(NESTED_LABELS, encoding="utf-8")
    window = open_window()
    assert window.open_path(str(path)) is window
    window.editor.flush()
    picture = scene_picture(window.editor.scene)
    assert sorted(a.label is not None for a in picture.arrows.values()) == [True] * 4
    assert_clean(picture)


def test_ctrl_l_and_its_undo_route_each_arrow_once(open_window, qtbot, monkeypatch):
    """Each box a layout moved re-routed its arrows at once: 700 routes for 80 arrows, Ctrl+L on
    66 boxes took seconds. Now every arrow is routed once, after every box is in place."""
    boxes = [(f"n{i}", f"Box {i}", ["optimizer"], None, (i % 6) * 60, (i // 6) * 50, 180, 60) for i in range(18)]
    arrows = [(f"e{i}", f"n{i}", f"n{(i * 7 + 3) % 18}", "optimizes") for i in range(18)]
    window = open_window(doc_of(boxes, arrows))
    scene = window.editor.scene
    scene.finish_routing()
    routed = []
    original = scene._route
    monkeypatch.setattr(scene, "_route", lambda item: (routed.append(item.edge_id), original(item)))

    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.undo_stack.undoText() == "Auto layout"
    assert sorted(routed) == sorted(e[0] for e in arrows)
    assert_clean(scene_picture(scene))

    routed.clear()
    window.actions["undo"].trigger()
    assert len(routed) == len(set(routed)) and set(routed) <= {e[0] for e in arrows}


def test_a_long_arrow_label_wraps_instead_of_running_across_the_picture(open_window):
    label = "this edge label is also extremely long and verbose to test wrapping"
    doc = doc_of([("a", "A", ["optimizer"], None, 0, 0, 180, 60), ("b", "B", [], None, 0, 260, 180, 60)],
                 [("e", "a", "b", "optimizes")])  # fmt: skip
    doc.edges["e"].label = label
    scene = open_window(doc).editor.scene
    scene.finish_routing()
    rect = scene.edge_items["e"].label_rect
    assert rect.width() <= LABEL_WRAP + LABEL_PADDING
    assert rect.height() >= 3 * LABEL_HEIGHT * 0.75, "three lines"
    assert_clean(scene_picture(scene))


def test_an_arrow_between_a_container_and_its_part_is_marked_where_it_meets_the_header(open_window, tmp_path):
    """Such an arrow starts or ends at the foot of the container's header, where no line is drawn:
    it looked unattached. It gets a dot where it leaves the header and a bar where it arrives."""
    doc = doc_of([("c", "Company", ["agent"], None, 0, 0, 460, 200),
                  ("e", "Employee", ["agent"], "c", 240, 90, 180, 60),
                  ("x", "Outside", [], None, 600, 0, 180, 60)],
                 [("down", "c", "e", "link"), ("up", "e", "c", "link"), ("out", "e", "x", "link")])  # fmt: skip
    scene = open_window(doc).editor.scene
    scene.finish_routing()
    assert {eid: item.bars for eid, item in scene.edge_items.items()} == {
        "down": (True, False), "up": (False, True), "out": (False, False)}
    header = scene.node_items["c"].layout.header_height
    assert scene.edge_items["down"].points[0][1] == header and scene.edge_items["up"].points[-1][1] == header
    assert_clean(scene_picture(scene))
