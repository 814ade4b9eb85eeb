"""The editor reads the tables of box kinds and file formats: a row added there reaches the palette,
the menus, the Properties dock, the Open and Export dialogs and the file readers, with no other change
(issue 11: "adding a kind or a format touches the table and its own reader/writer/drawing only")."""

import doctest
import importlib
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from diagrammer.io import formats
from diagrammer.io.files import load_path
from diagrammer.model import Document, Node, kinds
from diagrammer.ui import window_files
from diagrammer.ui.export import ExportOptions, export_document
from diagrammer.ui.export_dialog import ExportDialog
from diagrammer.ui.main_window import WINDOWS
from tests.ui.test_add_at_cursor import pointer_off_canvas, press_key

SVG = "{http://www.w3.org/2000/svg}"
ORACLE = kinds.Kind("oracle", "Oracle", "#2e7d32", "ORACLE", "An oracle answers questions; it takes no actions.")


def menu(window, title):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == title)


def add_actions(actions):
    return [a.objectName() for a in actions if a.objectName().startswith("add-")]


def test_every_box_of_the_table_is_in_the_palette_and_the_insert_menu_with_its_key(open_window):
    window = open_window()
    expected = [f"add-{box.id}" for box in kinds.BOXES]
    assert expected == ["add-agent", "add-optimizer", "add-agent-optimizer", "add-system"]
    assert add_actions(window.palette_bar.actions()) == add_actions(menu(window, "&Insert").actions()) == expected
    for box in kinds.BOXES:
        action = window.actions[f"add-{box.id}"]
        assert (action.text(), action.shortcut().toString(), action.toolTip()) == (
            box.display, box.shortcut, f"Add {box.display.lower()} ({box.shortcut})")
    checks = window.properties.kind_boxes
    assert [(c.text(), c.toolTip()) for c in checks.values()] == [(k.display, k.definition) for k in kinds.KINDS]
    assert {k.id: k.colour for k in kinds.KINDS} == {"agent": "#2f6fd6", "optimizer": "#c46a12"}


def test_every_readable_format_is_in_the_open_dialog_and_every_writable_one_in_export(open_window):
    assert window_files.FILE_FILTER == formats.open_filters()
    listed = window_files.FILE_FILTER.split(";;")
    for file_format in formats.FORMATS:
        assert (file_format.dialog_filter in listed) == bool(file_format.reader), file_format.name
    window = open_window()
    dialog = ExportDialog(window)
    offered = [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())]
    assert offered == [f.name for f in formats.export_formats()] == ["png", "svg", "pdf", "dot"]
    texts = [dialog.format_combo.itemText(i) for i in range(dialog.format_combo.count())]
    assert texts == ["PNG image", "SVG drawing (text kept as text)", "PDF document (vector)",
                     "Graphviz DOT (nesting as clusters)"]
    assert all(formats.by_name(name).picture for name in offered[:3])


def test_a_kind_and_a_box_added_to_the_table_reach_the_palette_its_key_and_the_properties(open_window,
                                                                                        monkeypatch):
    oracle = kinds.Kind("oracle", "Oracle", "#2e7d32", "ORACLE", "An oracle answers questions; it takes no actions.")
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, oracle))
    monkeypatch.setattr(kinds, "KIND_IDS", (*kinds.KIND_IDS, "oracle"))
    monkeypatch.setattr(kinds, "BOXES", (*kinds.BOXES, kinds.Box("oracle", "Oracle", ("oracle",), "Q")))
    # The model checks kinds against the ids it imported from the table when it was loaded.
    monkeypatch.setattr("diagrammer.model.operations.KINDS", kinds.KIND_IDS)
    window = open_window()
    assert add_actions(window.palette_bar.actions())[-1] == add_actions(menu(window, "&Insert").actions())[-1] \
        == "add-oracle"
    assert window.actions["add-oracle"].shortcut().toString() == "Q"
    pointer_off_canvas(window)
    press_key(window, Qt.Key.Key_Q)
    (node_id,) = window.document.nodes
    node = window.document.nodes[node_id]
    assert (node.name, node.kinds) == ("Oracle", ["oracle"])
    check = window.properties.kind_boxes["oracle"]
    assert (check.text(), check.toolTip(), check.checkState()) == ("Oracle", oracle.definition, Qt.CheckState.Checked)
    check.click()
    assert node.kinds == []
    window.properties.kind_boxes["agent"].click()
    check.click()
    assert node.kinds == ["agent", "oracle"], "in the order of the table"


def test_a_format_added_to_the_table_is_opened_and_exported_through_its_row(open_window, monkeypatch, tmp_path):
    written = []
    reader = types.ModuleType("sketch_format")
    reader.read = lambda path: Document.from_parts(f"Sketch of {Path(path).name}", [Node("s", "Sketched")], [])
    reader.write = lambda doc, path: (written.append(doc.title), Path(path).write_text(doc.title))
    monkeypatch.setitem(sys.modules, "sketch_format", reader)
    sketch = formats.FileFormat("sketch", "Sketch", (".sketch",), "sketch_format:read", "sketch_format:write",
                                note="plain text")
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, sketch))

    filters = formats.open_filters().split(";;")
    assert filters[0] == "Diagrams (*.diagram.json *.json *.dot *.gv *.sketch)" and "Sketch (*.sketch)" in filters
    source = tmp_path / "idea.SKETCH"
    source.write_text("anything")
    assert load_path(source).title == "Sketch of idea.SKETCH"

    window = open_window(Document.from_parts("Mine", [Node("a", "A", x=0.0, y=0.0)], []))
    starts = []

    def fake_exec(dialog):
        assert dialog.format_combo.itemText(dialog.format_combo.count() - 1) == "Sketch (plain text)"
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("sketch"))
        return 1

    def ask(parent, title, start, listed, chosen=""):
        starts.append((start, listed.split(";;")[0], chosen))
        return str(tmp_path / "out"), chosen

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert window.export_picture() == str(tmp_path / "out.sketch")
    assert starts[0][1:] == ("Sketch (*.sketch)", "Sketch (*.sketch)")
    assert starts[0][0].endswith("diagram.sketch")
    assert written == ["Mine"] and (tmp_path / "out.sketch").read_text() == "Mine"


@pytest.mark.parametrize("module", ["diagrammer.model.kinds", "diagrammer.io.formats", "diagrammer.io.files",
                                    "diagrammer.ui.export_dialog", "diagrammer.layout.geometry"])
def test_the_examples_in_the_tables_docstrings_hold(module, qapp):
    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert failures == 0 and tried > 0


# ----- the drawing, the Save As dialog and the file watch follow the tables too ----------------------------


def add_oracle(monkeypatch):
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, ORACLE))
    monkeypatch.setattr(kinds, "KIND_IDS", (*kinds.KIND_IDS, "oracle"))


def svg_strokes_and_texts(path):
    """What an SVG export draws: each outline as ``(stroke colour, width)`` (the filled marks, drawn
    without one, left out) and each text as ``(text, colour)``, in drawing order."""
    outlines, texts = [], []
    for group in ET.parse(path).iter(f"{SVG}g"):
        if group.find(f"{SVG}path") is not None and group.get("stroke") != "none":
            outlines.append((group.get("stroke"), group.get("stroke-width")))
        texts += [("".join(t.itertext()), t.get("fill")) for t in group.findall(f"{SVG}text")]
    return outlines, texts


def test_the_boxes_of_the_existing_kinds_keep_their_captions_and_colours(qapp, tmp_path):
    doc = Document.from_parts("", [Node("a", "Agent", ["agent"], x=0, y=0, width=200, height=84),
                                   Node("o", "Optimizer", ["optimizer"], x=300, y=0, width=200, height=84),
                                   Node("b", "Both", ["optimizer", "agent"], designed_by_humans=True, x=600, y=0,
                                        width=240, height=84)], [])  # fmt: skip
    out = tmp_path / "kinds.svg"
    export_document(doc, str(out), ExportOptions(format="svg", legend=False))
    outlines, texts = svg_strokes_and_texts(out)
    assert outlines == [("#2f6fd6", "2"), ("#c46a12", "2"), ("#2f6fd6", "2"), ("#c46a12", "1.2")]
    assert [t for t in texts if t[0].isupper()] == [("AGENT", "#2f6fd6"), ("OPTIMIZER", "#c46a12"),
                                                    ("AGENT", "#2f6fd6"), ("OPTIMIZER", "#c46a12"),
                                                    ("DESIGNED", "#5b6b7a")]


def test_a_kind_added_to_the_table_is_drawn_with_its_caption_in_its_colour(open_window, monkeypatch, tmp_path):
    add_oracle(monkeypatch)
    doc = Document.from_parts("", [Node("o", "Delphi", ["oracle"], x=0, y=0, width=200, height=84),
                                   Node("s", "Seer", ["agent", "oracle"], x=300, y=0, width=200, height=84)], [])
    window = open_window(doc)
    items = window.editor.scene.node_items
    assert items["o"].drawn_texts() == ["Delphi", "ORACLE"]
    assert items["s"].drawn_texts() == ["Seer", "AGENT", "ORACLE"], "the kinds' captions in the table's order"
    out = tmp_path / "oracle.svg"
    export_document(doc, str(out), ExportOptions(format="svg", legend=False))
    outlines, texts = svg_strokes_and_texts(out)
    # Its border in its colour; a second kind of a box draws an inner outline in its colour.
    assert outlines == [("#2e7d32", "2"), ("#2f6fd6", "2"), ("#2e7d32", "1.2")]
    assert [t for t in texts if t[0].isupper()] == [("ORACLE", "#2e7d32"), ("AGENT", "#2f6fd6"),
                                                    ("ORACLE", "#2e7d32")]


def sketch_format(monkeypatch, saves, written):
    """A new format in the table, its reader and writer in a module of their own."""
    module = types.ModuleType("sketch_format")
    module.read = lambda path: Document.from_parts(f"Sketch of {Path(path).name}", [Node("s", "Sketched")], [])
    module.write = lambda doc, path: (written.append((doc.title, Path(path).name)), Path(path).write_text(doc.title))
    monkeypatch.setitem(sys.modules, "sketch_format", module)
    sketch = formats.FileFormat("sketch", "Sketch", (".sketch",), "sketch_format:read", "sketch_format:write",
                                saves=saves)
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, sketch))


def save_dialog(monkeypatch, typed, chosen=""):
    """Answer the Save As dialog with ``typed`` and the filter ``chosen``; returns what it was asked."""
    asked = []

    def ask(parent, title, start, listed, *rest):
        asked.append((title, Path(start).name, listed))
        return typed, chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return asked


def test_save_as_lists_the_native_format_of_the_table(open_window, monkeypatch, tmp_path):
    window = open_window(Document.from_parts("Mine", [Node("a", "A", x=0.0, y=0.0)], []))
    asked = save_dialog(monkeypatch, str(tmp_path / "plan"))
    assert window.save_as()
    assert asked == [("Save diagram", "untitled.diagram.json", "Diagrammer diagram (*.diagram.json *.json)")]
    assert window.path == str(tmp_path / "plan.diagram.json")
    assert load_path(tmp_path / "plan.diagram.json").title == "Mine"


def test_a_format_the_table_says_save_writes_is_offered_by_save_as_and_kept_by_save(open_window, monkeypatch,
                                                                                    tmp_path):
    written = []
    sketch_format(monkeypatch, True, written)
    window = open_window(Document.from_parts("Mine", [Node("a", "A", x=0.0, y=0.0)], []))
    asked = save_dialog(monkeypatch, str(tmp_path / "idea"), "Sketch (*.sketch)")
    assert window.save_as()
    assert asked[0][2] == "Diagrammer diagram (*.diagram.json *.json);;Sketch (*.sketch)"
    assert window.path == str(tmp_path / "idea.sketch") and written == [("Mine", "idea.sketch")]
    window.actions["add-agent"].trigger()
    assert window.save() and len(asked) == 1, "Save writes the sketch again without asking"
    assert written == [("Mine", "idea.sketch")] * 2


def test_saving_a_file_of_a_format_save_does_not_write_asks_where_offering_a_native_diagram(open_window, monkeypatch,
                                                                                            tmp_path):
    written = []
    sketch_format(monkeypatch, False, written)
    (tmp_path / "idea.sketch").write_text("anything")
    window = open_window()
    window.open_path(str(tmp_path / "idea.sketch"), remember=False)
    assert window.document.title == "Sketch of idea.sketch"
    asked = save_dialog(monkeypatch, "")
    assert window.save() is False
    assert asked == [("Save diagram", "idea.diagram.json", "Diagrammer diagram (*.diagram.json *.json)")]
    assert written == []


def test_compare_names_the_copy_of_a_new_format_s_file_after_its_stem(open_window, monkeypatch, tmp_path):
    sketch_format(monkeypatch, False, [])
    (tmp_path / "idea.sketch").write_text("anything")
    window = open_window()
    window.open_path(str(tmp_path / "idea.sketch"), remember=False)
    before = len(WINDOWS)
    window.file_watch.compare()
    copy = tmp_path / "idea (my version).diagram.json"
    assert copy.exists() and len(WINDOWS) == before + 1 and WINDOWS[-1].path == str(copy)
    assert load_path(copy).title == "Sketch of idea.sketch"
    WINDOWS[-1].close()
    window.file_watch.compare()
    assert (tmp_path / "idea (my version) 2.diagram.json").exists()
    WINDOWS[-1].close()
