"""Pictures you can publish, checked on what is drawn: the scene's items and an SVG export parsed back.

Boxes are as big as their texts (nothing cut with "…"), containers hold their parts below their
header and badges, and no box or text covers another.
"""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from diagrammer.io.native import load_document, loads_document
from diagrammer.rules import classify
from diagrammer.ui.export import ExportOptions, export_document
from diagrammer.ui.scene import DiagramScene
from tests.ui.conftest import doc_of, drag

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "examples").glob("*.json"))
SVG = "{http://www.w3.org/2000/svg}"
EPS = 0.01


def boxes_of(scene: DiagramScene) -> dict[str, QRectF]:
    return {nid: item.mapRectToScene(item.box_rect()) for nid, item in scene.node_items.items()}


def strictly_overlap(a: QRectF, b: QRectF) -> bool:
    return a.adjusted(EPS, EPS, -EPS, -EPS).intersects(b.adjusted(EPS, EPS, -EPS, -EPS))


def picture_faults(scene: DiagramScene) -> list[str]:
    """Every way the drawn picture breaks the rules, in words (empty: a clean picture)."""
    doc = scene.document
    boxes = boxes_of(scene)
    faults = []
    ids = list(boxes)
    nested = {nid: set(doc.ancestors(nid)) for nid in ids}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if a in nested[b] or b in nested[a]:
                continue
            if strictly_overlap(boxes[a], boxes[b]):
                faults.append(f"boxes {a} and {b} overlap")
    texts: list[tuple[str, QRectF]] = []
    for nid, item in scene.node_items.items():
        box = boxes[nid]
        for text in item.drawn_texts():
            if "…" in text:
                faults.append(f"{nid} shows a cut text {text!r}")
        for rect in item.text_rects():
            scene_rect = item.mapRectToScene(rect)
            if not box.adjusted(-EPS, -EPS, EPS, EPS).contains(scene_rect):
                faults.append(f"a text of {nid} sticks out of its box")
            texts.append((nid, scene_rect))
        parent = doc.nodes[nid].parent
        if parent in scene.node_items:
            outer = boxes[parent]
            header = scene.node_items[parent].layout.header_height
            inner = outer.adjusted(0, header, 0, 0)
            if not inner.adjusted(-EPS, -EPS, EPS, EPS).contains(box):
                faults.append(f"{parent} does not hold {nid} below its header")
    for i, (a, ra) in enumerate(texts):
        for b, rb in texts[i + 1:]:
            if strictly_overlap(ra, rb):
                faults.append(f"texts of {a} and {b} overlap")
    return faults


def svg_texts(path: Path) -> list[str]:
    tree = ET.parse(path)
    return ["".join(t.itertext()) for t in tree.iter(f"{SVG}text")]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_example_is_drawn_clean_on_screen_and_in_svg(qapp, path, tmp_path):
    doc = load_document(path)
    scene = DiagramScene(doc, result=classify(doc))
    assert picture_faults(scene) == []
    out = tmp_path / "picture.svg"
    export_document(doc, str(out), ExportOptions(format="svg", legend=False))
    texts = svg_texts(out)
    assert not [t for t in texts if "…" in t]
    drawn = sorted(t for item in scene.node_items.values() for t in item.drawn_texts())
    assert sorted(t.strip() for t in texts if t.strip() and t.strip() in drawn) == sorted(t.strip() for t in drawn)


def test_long_names_and_goals_wrap_instead_of_being_cut(qapp, tmp_path):
    name = "A rather long name for a box that certainly needs more than one line"
    goal = "low loss on human labels, measured on the held-out validation set every epoch"
    doc = doc_of([("a", name, ["agent"], None, 0, 0, 180, 84)])
    doc.nodes["a"].goal = goal
    scene = DiagramScene(doc, result=classify(doc))
    item = scene.node_items["a"]
    names = [line for line, _ in item.layout.names]
    goals = [line for line, _ in item.layout.goals]
    assert len(names) > 1 and " ".join(names) == name
    assert len(goals) > 1 and " ".join(goals) == f"goal: {goal}"
    assert item.box_rect().height() > 84, "the box grew to show every line"
    assert picture_faults(scene) == []
    out = tmp_path / "a.svg"
    export_document(doc, str(out), ExportOptions(format="svg", legend=False))
    texts = [t.strip() for t in svg_texts(out)]
    assert [t for t in texts if t in names] == names and [t for t in texts if t in goals] == goals


def test_a_box_without_kind_has_no_caption_and_a_box_with_notes_shows_them(qapp):
    doc = doc_of([("a", "Plain", [], None, 0, 0, 180, 84), ("b", "Agent", ["agent"], None, 300, 0, 180, 84)])
    doc.nodes["a"].notes = "Remember the rollout"
    scene = DiagramScene(doc, result=classify(doc))
    assert scene.node_items["a"].drawn_texts() == ["Plain"]
    assert scene.node_items["b"].drawn_texts() == ["Agent", "AGENT"]
    assert "Notes: Remember the rollout" in scene.node_items["a"].tooltip_text()


def test_badges_flow_in_rows_across_a_default_width_box(qapp):
    doc = doc_of([("sgd", "SGD", ["optimizer"], None, 0, 0, 240, 84),
                  ("m", "Model", ["optimizer"], None, 400, 0, 240, 84)], [("e", "sgd", "m", "optimizes")])
    scene = DiagramScene(doc, result=classify(doc))
    badges = scene.node_items["m"].layout.badges
    rows = {rect[1] for _, _, rect in badges}
    assert len(badges) == 3 and len(rows) < len(badges), "at least two badges share a row"


def company(qapp_window):
    """The seed's example: Company holds Employee and Planner; SGD stands outside."""
    return qapp_window(doc_of([
        ("company", "Company", ["agent"], None, 0, 0, 520, 260),
        ("employee", "Employee", ["agent"], "company", 20, 90, 200, 84),
        ("planner", "Planner", ["optimizer"], "company", 260, 90, 220, 60),
        ("sgd", "SGD", ["optimizer"], None, 700, 0, 200, 84),
    ]))


def test_a_container_holds_a_part_that_grows_when_labelled_and_shrinks_back_on_undo(open_window, qtbot):
    window = company(open_window)
    scene = window.editor.scene
    before = boxes_of(scene)
    assert picture_faults(scene) == []
    window.actions["tool-optimizes"].trigger()
    drag(window, (800, 40), (380, 130))  # SGD -> Planner, with the optimizes tool
    assert [(e.source, e.target) for e in window.document.edges.values()] == [("sgd", "planner")]
    window.editor.flush()
    planner = scene.node_items["planner"]
    assert "mesa-optimizer" in planner.labels
    after = boxes_of(scene)
    assert after["planner"].height() > before["planner"].height(), "Planner grew for its badges"
    assert after["company"].contains(after["planner"])
    company_item = scene.node_items["company"]
    assert company_item.layout.badges
    for _, _, rect in company_item.layout.badges:
        badge = company_item.mapRectToScene(QRectF(*rect))
        assert not any(badge.intersects(after[part]) for part in ("employee", "planner")), "badges not covered"
    assert picture_faults(scene) == []
    window.actions["undo"].trigger()
    window.editor.flush()
    assert boxes_of(scene) == before, "undo shrinks every box back"


def test_seven_new_boxes_never_overlap_and_stay_in_view(open_window):
    window = open_window(doc_of([("a", "Already here", ["agent"], None, 200, 200, 240, 84)]))
    for _ in range(7):
        window.actions["add-agent"].trigger()
    scene = window.editor.scene
    boxes = boxes_of(scene)
    assert len(boxes) == 8 and picture_faults(scene) == []
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert all(visible.contains(rect) for rect in boxes.values())


def test_paste_lands_inside_the_container_of_the_original_at_a_free_spot(open_window):
    window = company(open_window)
    scene = window.editor.scene
    scene.select_ids(["employee"])
    window.actions["copy"].trigger()
    new_ids = window.editor.paste()
    assert len(new_ids) == 1
    assert window.document.nodes[new_ids[0]].parent == "company"
    assert picture_faults(scene) == [], "inside Company, below its header, covering nothing"
    new_ids = window.editor.duplicate(["planner"])
    assert window.document.nodes[new_ids[0]].parent == "company"
    assert picture_faults(scene) == []


def test_a_pasted_top_level_copy_is_not_drawn_inside_a_container(open_window):
    first = open_window(doc_of([("n1", "Mind", ["agent"], None, 0, 0, 400, 300),
                                ("n2", "Shard", ["agent"], "n1", 20, 100, 180, 84)]))
    second = open_window(doc_of([("n1", "Unrelated box", [], None, 0, 0, 400, 300)]))
    first.editor.scene.select_ids(["n2"])
    first.actions["copy"].trigger()
    new_ids = second.editor.paste()
    assert second.document.nodes[new_ids[0]].parent is None
    assert picture_faults(second.editor.scene) == []


def test_a_box_dropped_on_a_containers_header_does_not_land_on_a_part(open_window):
    window = company(open_window)
    scene = window.editor.scene
    drag(window, (720, 10), (150, 20))  # SGD onto Company's header, above Employee
    assert window.document.nodes["sgd"].parent == "company"
    assert picture_faults(scene) == []


def test_saving_writes_the_boxes_as_drawn(open_window, tmp_path):
    window = company(open_window)
    window.actions["tool-optimizes"].trigger()
    drag(window, (800, 40), (380, 130))
    window.editor.flush()
    drawn = boxes_of(window.editor.scene)
    path = tmp_path / "company.diagram.json"
    assert window._save_to(str(path))
    saved = load_document(path)
    for nid, rect in drawn.items():
        x, y = saved.absolute_position(nid)
        node = saved.nodes[nid]
        assert (x, y, node.width, node.height) == pytest.approx(rect.getRect())
    reopened = DiagramScene(saved, result=classify(saved))
    assert boxes_of(reopened) == drawn


def test_a_copy_in_the_clipboard_is_a_readable_document(open_window):
    from PySide6.QtGui import QGuiApplication

    window = company(open_window)
    window.editor.copy(["planner"])
    part = loads_document(QGuiApplication.clipboard().text(), "clipboard")
    assert [n.name for n in part.nodes.values()] == ["Planner"]



def test_a_container_grows_for_a_part_and_shrinks_back_to_its_own_size_when_the_part_leaves(open_window):
    window = company(open_window)
    doc = window.document
    scene = window.editor.scene
    drag(window, (720, 10), (450, 200))  # SGD into Company, sticking out on the right and below
    assert doc.nodes["sgd"].parent == "company"
    grown = boxes_of(scene)["company"]
    assert grown.width() > 520 and grown.height() > 260 and picture_faults(scene) == []
    assert (doc.nodes["company"].width, doc.nodes["company"].height) == (520, 260)
    sgd = boxes_of(scene)["sgd"]
    drag(window, (sgd.left() + 10, sgd.top() + 10), (sgd.left() + 10, 700))  # out again, below Company
    assert doc.nodes["sgd"].parent is None
    assert boxes_of(scene)["company"] == QRectF(0, 0, 520, 260)
    assert picture_faults(scene) == []
