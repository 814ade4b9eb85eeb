"""The tables of box kinds and file formats, and the code that reads them."""

import json

import pytest

from diagrammer.io import LoadError, formats, loads_document
from diagrammer.io.dot import parse_dot
from diagrammer.model import kinds
from diagrammer.model.document import KINDS


def test_the_kinds_of_the_model_are_the_table_s():
    assert KINDS == ("agent", "optimizer") == tuple(k.id for k in kinds.KINDS)
    assert [(k.display, k.caption, k.colour) for k in kinds.KINDS] == [
        ("Agent", "AGENT", "#2f6fd6"), ("Optimizer", "OPTIMIZER", "#c46a12")]  # fmt: skip
    shortcuts = [box.shortcut for box in kinds.BOXES]
    assert shortcuts == ["A", "O", "B", "S"] and len(set(shortcuts)) == len(shortcuts)
    assert all(set(box.kinds) <= set(KINDS) for box in kinds.BOXES)


def test_the_native_reader_names_the_kinds_of_the_table():
    text = json.dumps({"format": "diagrammer", "version": 1, "nodes": [{"id": "a", "kinds": ["robot"]}]})
    with pytest.raises(LoadError) as info:
        loads_document(text, "k.json")
    reason = 'node "a" (line 1) has the kind "robot"; a kind is "agent" or "optimizer"'
    assert str(info.value) == f'Cannot open "k.json": {reason}.'


def test_the_dot_reader_names_the_kinds_of_the_table_it_kept():
    result = parse_dot('digraph { a [kinds="Agent, robot"] }')
    assert [n.kinds for n in result.document.nodes.values()] == [["agent"]]
    assert result.notices == ['"a" has kinds other than agent and optimizer; they were left out.']


@pytest.mark.parametrize(("path", "name"), [("a.diagram.json", "json"), ("A.JSON", "json"), ("g.gv", "dot"),
                                            ("g.dot", "dot"), ("p.png", "png"), ("p.svg", "svg"), ("p.pdf", "pdf"),
                                            ("x.bmp", None), ("noext", None)])  # fmt: skip
def test_a_path_names_its_format_by_extension(path, name):
    found = formats.for_path(path)
    assert (found.name if found else None) == name


def test_the_formats_give_the_dialog_filters_and_command_line_names():
    assert formats.names(writable=True) == ("json", "dot", "png", "svg", "pdf")
    assert formats.names(readable=True) == ("json", "dot")
    assert [f.dialog_filter for f in formats.FORMATS] == [
        "Diagrammer diagram (*.diagram.json *.json)", "Graphviz DOT (*.dot *.gv)", "PNG image (*.png)",
        "SVG drawing (*.svg)", "PDF document (*.pdf)"]  # fmt: skip
    assert formats.open_filters() == ("Diagrams (*.diagram.json *.json *.dot *.gv);;"
                                      "Diagrammer diagram (*.diagram.json *.json);;Graphviz DOT (*.dot *.gv);;"
                                      "All files (*)")  # fmt: skip


def test_each_format_reads_and_writes_through_its_table_row(tmp_path):
    from diagrammer.model import Document, Node

    doc = Document.from_parts("T", [Node("a", "A", ["agent"], x=0.0, y=0.0)], [])
    for name in formats.names(readable=True):
        row = formats.by_name(name)
        path = tmp_path / f"out{row.default_extension}"
        row.write(doc, path)
        again = row.read(path)
        assert [node.name for node in again.nodes.values()] == ["A"], name
    with pytest.raises(ValueError, match="PNG image files cannot be opened"):
        formats.by_name("png").read(tmp_path / "x.png")
