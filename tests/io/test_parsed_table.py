"""``read_parsed(path).table()``: the classifier's columns straight from a file's parsed JSON.

The command classifies a large file from them while a copy of it builds (checks) the document,
so whenever the document builds, both must classify alike, byte for byte.
"""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrammer.commands.classify import json_chunks
from diagrammer.io.native import read_parsed
from diagrammer.rules.classifier import analyse

KINDS = st.lists(st.sampled_from(["agent", "optimizer"]), max_size=3)  # a kind may be given twice
TEXTS = st.sampled_from(["A", "B", "b", "", " ", "«x»", 'say "hi"', "tab\there", "win"])


@st.composite
def files(draw) -> dict:
    count = draw(st.integers(0, 12))
    ids = [f"n{i}" for i in range(count)]
    known = st.sampled_from([*ids, "missing"]) if ids else st.just("missing")
    nodes = []
    for node_id in ids:
        node = {
            "id": node_id,
            "name": draw(TEXTS),
            "kinds": draw(KINDS),
            "designed_by_humans": draw(st.booleans()),
            "goal": draw(st.none() | TEXTS),
            "parent": draw(st.none() | known),
        }
        # Fields the rules do not read: given or not, and one the program does not know.
        node.update(draw(st.fixed_dictionaries({}, optional=OTHER_NODE_FIELDS)))
        nodes.append(node)
    edge_kinds = st.sampled_from(["optimizes", "link"])
    edges = [
        {"id": f"e{j}", "source": draw(known), "target": draw(known), "kind": draw(edge_kinds),
         **draw(st.fixed_dictionaries({}, optional={"label": TEXTS, "color": st.just("red")}))}
        for j in range(draw(st.integers(0, 16)))
    ]  # fmt: skip
    return {"format": "diagrammer", "version": 1, "nodes": nodes, "edges": edges}


OTHER_NODE_FIELDS = {
    "x": st.integers(-50, 50),
    "y": st.none() | st.floats(-50, 50),
    "width": st.just(180),
    "height": st.just(84.5),
    "notes": TEXTS,
    "color": st.just("blue"),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files())
def test_the_table_classifies_as_the_document_does(tmp_path, data):
    path = tmp_path / "diagram.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    parsed = read_parsed(path)
    doc = parsed.document()
    table = parsed.table()
    assert table is not None
    assert b"".join(json_chunks(doc, analyse(table))) == b"".join(json_chunks(doc))


def test_items_without_a_field_the_rules_read_give_no_table(tmp_path):
    # The document fills in the name, kinds and the rest; the table would not.
    path = tmp_path / "short.json"
    path.write_text('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a"}]}', encoding="utf-8")
    parsed = read_parsed(path)
    assert parsed.table() is None
    assert list(parsed.document().nodes) == ["a"]


def test_a_kind_given_twice_is_one_kind(tmp_path):
    node = {"id": "a", "name": "A", "kinds": ["agent", "agent"], "designed_by_humans": False, "goal": None,
            "parent": None, "x": 0, "y": 0, "width": 180, "height": 84, "notes": ""}  # fmt: skip
    path = tmp_path / "twice.json"
    path.write_text(json.dumps({"format": "diagrammer", "version": 1, "nodes": [node]}), encoding="utf-8")
    parsed = read_parsed(path)
    assert parsed.document().nodes["a"].kinds == ["agent"]
    assert parsed.table().kinds == (["agent", "agent"],)
