"""The native file: exact bytes, stable saves, lossless round trips, tolerated broken references."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagrammer.io import LoadError, SaveError, dumps_document, load_document, loads_document, native, save_document
from diagrammer.io.native import NODE_KEYS
from diagrammer.model.document import DEFAULT_HEIGHT, DEFAULT_WIDTH, Document, Edge, Node

SMALL = Document.from_parts(
    "Evolution and its mesa-optimizers",
    [
        Node("evolution", "Natural selection", ["optimizer"], False, "inclusive genetic fitness", None,
             40.0, 40.0, 200.0, 90.0, ""),
        Node("humans", "Humans", ["agent", "optimizer"], False, "happiness", None, 40.0, 220.5, 200.0, 90.0,
             "Ünïcode ✓"),
    ],
    [Edge("e1", "evolution", "humans")],
)  # fmt: skip

SMALL_TEXT = """\
{
  "format": "diagrammer",
  "version": 1,
  "title": "Evolution and its mesa-optimizers",
  "nodes": [
    {
      "id": "evolution",
      "name": "Natural selection",
      "kinds": [
        "optimizer"
      ],
      "designed_by_humans": false,
      "goal": "inclusive genetic fitness",
      "parent": null,
      "x": 40,
      "y": 40,
      "width": 200,
      "height": 90,
      "notes": ""
    },
    {
      "id": "humans",
      "name": "Humans",
      "kinds": [
        "agent",
        "optimizer"
      ],
      "designed_by_humans": false,
      "goal": "happiness",
      "parent": null,
      "x": 40,
      "y": 220.5,
      "width": 200,
      "height": 90,
      "notes": "Ünïcode ✓"
    }
  ],
  "edges": [
    {
      "id": "e1",
      "source": "evolution",
      "target": "humans",
      "kind": "optimizes",
      "label": ""
    }
  ]
}
"""


def header(**fields):
    return {"format": "diagrammer", "version": 1, **fields}


def test_exact_bytes_of_a_small_document(tmp_path):
    path = tmp_path / "small.diagram.json"
    save_document(SMALL, path)
    assert path.read_bytes() == SMALL_TEXT.encode("utf-8")
    assert dumps_document(SMALL) == SMALL_TEXT


def test_saving_twice_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    save_document(SMALL, first)
    save_document(SMALL, second)
    save_document(SMALL, first)
    assert first.read_bytes() == second.read_bytes()


def test_load_save_load_save_is_byte_identical(tmp_path):
    path = tmp_path / "round.json"
    path.write_text(SMALL_TEXT, encoding="utf-8")
    doc = load_document(path)
    save_document(doc, path)
    assert path.read_text(encoding="utf-8") == SMALL_TEXT
    assert dumps_document(load_document(path)) == SMALL_TEXT


def test_loaded_fields_match_the_file():
    doc = loads_document(SMALL_TEXT)
    assert doc.title == "Evolution and its mesa-optimizers"
    assert list(doc.nodes) == ["evolution", "humans"]
    humans = doc.nodes["humans"]
    assert (humans.name, humans.kinds, humans.goal, humans.notes) == (
        "Humans", ["agent", "optimizer"], "happiness", "Ünïcode ✓"
    )  # fmt: skip
    assert (humans.x, humans.y, humans.width, humans.height) == (40.0, 220.5, 200.0, 90.0)
    assert doc.edges["e1"] == Edge("e1", "evolution", "humans", "optimizes", "")


def test_unknown_fields_are_kept_in_order_after_the_known_ones():
    text = json.dumps(
        {
            "zeta": 1,
            "format": "diagrammer",
            "nodes": [{"colour": "red", "id": "a", "tags": {"b": [1, 2.5, None]}}],
            "version": 1,
            "edges": [{"weight": 3, "id": "e", "source": "a", "target": "a", "kind": "link"}],
            "alpha": {"nested": True},
        }
    )
    doc = loads_document(text)
    assert doc.extra == {"zeta": 1, "alpha": {"nested": True}}
    assert doc.nodes["a"].extra == {"colour": "red", "tags": {"b": [1, 2.5, None]}}
    assert doc.edges["e"].extra == {"weight": 3}
    saved = json.loads(dumps_document(doc))
    assert list(saved) == ["format", "version", "title", "nodes", "edges", "zeta", "alpha"]
    assert list(saved["nodes"][0]) == [*NODE_KEYS[:6], "width", "height", "notes", "colour", "tags"]
    assert saved["nodes"][0]["tags"] == {"b": [1, 2.5, None]}
    assert list(saved["edges"][0]) == ["id", "source", "target", "kind", "label", "weight"]
    assert dumps_document(loads_document(dumps_document(doc))) == dumps_document(doc)


def test_missing_optional_fields_take_the_documented_defaults():
    doc = loads_document(json.dumps(header(nodes=[{"id": "a"}], edges=[{"id": "e"}])))
    assert doc.title == ""
    assert doc.nodes["a"] == Node("a", "", [], False, None, None, None, None, DEFAULT_WIDTH, DEFAULT_HEIGHT, "")
    assert doc.edges["e"] == Edge("e", "", "", "optimizes", "")
    empty = loads_document(json.dumps(header()))
    assert (empty.title, empty.nodes, empty.edges) == ("", {}, {})


def test_positions_are_optional_and_stay_absent_while_unplaced():
    doc = loads_document(json.dumps(header(nodes=[{"id": "a", "x": 5}, {"id": "b", "x": None, "y": None}])))
    assert (doc.nodes["a"].x, doc.nodes["a"].y) == (5.0, None)
    assert (doc.nodes["b"].x, doc.nodes["b"].y) == (None, None)
    saved = json.loads(dumps_document(doc))["nodes"]
    assert saved[0]["x"] == 5 and "y" not in saved[0]
    assert "x" not in saved[1] and "y" not in saved[1]


def test_whole_floats_are_written_as_integers_and_fractions_kept():
    doc = loads_document(json.dumps(header(nodes=[{"id": "a", "x": 40.0, "y": -0.0, "width": 12.25}])))
    text = dumps_document(doc)
    assert '"x": 40,\n' in text and '"y": 0,\n' in text and '"width": 12.25,\n' in text


def test_a_kind_listed_twice_counts_once():
    doc = loads_document(json.dumps(header(nodes=[{"id": "a", "kinds": ["agent", "agent", "optimizer"]}])))
    assert doc.nodes["a"].kinds == ["agent", "optimizer"]


def test_newer_version_is_refused_naming_both_versions():
    with pytest.raises(LoadError) as info:
        loads_document(json.dumps({"format": "diagrammer", "version": 3, "nodes": "whatever"}), "x.json")
    assert str(info.value) == (
        'Cannot open "x.json": it was saved by a newer Diagrammer (file version 3, this program reads version 1).'
    )


def test_dangling_references_and_containment_loops_load():
    text = json.dumps(
        header(
            nodes=[
                {"id": "a", "parent": "b"},
                {"id": "b", "parent": "a"},
                {"id": "c", "parent": "ghost"},
                {"id": "d", "parent": "d"},
            ],
            edges=[
                {"id": "e1", "source": "a", "target": "nowhere"},
                {"id": "e2", "source": "", "target": "c"},
            ],
        )
    )
    doc = loads_document(text)
    assert [n.parent for n in doc.nodes.values()] == ["b", "a", "ghost", "d"]
    assert (doc.edges["e1"].target, doc.edges["e2"].source) == ("nowhere", "")
    assert doc.children("ghost") == ["c"]
    assert dumps_document(loads_document(dumps_document(doc))) == dumps_document(doc)


def test_byte_order_mark_and_bytes_are_accepted():
    doc = loads_document(b"\xef\xbb\xbf" + SMALL_TEXT.encode("utf-8"))
    assert dumps_document(doc) == SMALL_TEXT


def test_lone_surrogate_escapes_round_trip():
    text = json.dumps(header(title="\\ud800 half"), ensure_ascii=True).replace("\\\\", "\\")
    doc = loads_document(text)
    assert doc.title == "\ud800 half"
    saved = dumps_document(doc)
    assert '"title": "\\ud800 half"' in saved
    assert loads_document(saved.encode("utf-8")).title == "\ud800 half"


def test_save_refuses_what_json_cannot_say(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b"old")
    doc = Document.from_parts("", [Node("a", width=float("nan"))], [])
    with pytest.raises(SaveError) as info:
        save_document(doc, path)
    assert str(info.value) == f'Cannot save "{path}": node "a" has a size or position that is not a finite number.'
    assert path.read_bytes() == b"old"


node_dicts = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=5)},
    optional={
        "name": st.text(max_size=5),
        "kinds": st.lists(st.sampled_from(["agent", "optimizer"]), max_size=3),
        "designed_by_humans": st.booleans(),
        "goal": st.none() | st.text(max_size=5),
        "parent": st.none() | st.text(max_size=3),
        "x": st.none() | st.integers(-10**7, 10**7) | st.floats(-1e7, 1e7),
        "y": st.none() | st.integers(-10**7, 10**7) | st.floats(-1e7, 1e7),
        "width": st.integers(1, 10**7) | st.floats(1e-3, 1e7),
        "height": st.integers(1, 10**7) | st.floats(1e-3, 1e7),
        "notes": st.text(max_size=5),
        "custom": st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=3),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
            max_leaves=6,
        ),
    },
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.lists(node_dicts, max_size=6), st.text(max_size=8))
def test_output_is_json_dumps_with_indent_2_and_stable(raws, title):
    unique = list({raw["id"]: raw for raw in raws}.values())
    edges = [{"id": f"edge {i}", "source": raw["id"], "target": "t", "extra": [i]} for i, raw in enumerate(unique)]
    doc = loads_document(json.dumps(header(title=title, nodes=unique, edges=edges, more={"k": [1, {}]})))
    text = dumps_document(doc)
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert dumps_document(loads_document(text)) == text


def test_an_edge_route_is_written_after_the_label_and_read_back():
    doc = Document.from_parts("", [Node("a"), Node("b")], [Edge("e", "a", "b", route=[(10.0, 20.5), (30.0, -4.0)])])
    text = dumps_document(doc)
    assert '"label": "",\n      "route": [\n        [\n          10,\n          20.5\n        ],' in text
    assert json.loads(text)["edges"][0]["route"] == [[10, 20.5], [30, -4]]
    again = loads_document(text)
    assert again.edges["e"].route == [(10.0, 20.5), (30.0, -4.0)]
    assert dumps_document(again) == text


def test_an_edge_without_a_route_has_no_route_field():
    doc = loads_document(json.dumps(header(edges=[{"id": "e", "route": None}])))
    assert doc.edges["e"].route is None
    assert "route" not in json.loads(dumps_document(doc))["edges"][0]


@pytest.mark.parametrize(
    ("route", "shown"),
    [([[0, 0]], "[[0, 0]]"), ("left", '"left"'), ([[0, 0], [1]], "[[0, 0], [1]]"),
     ([[0, 0], [1, "2"]], '[[0, 0], [1, "2"]]'), ([[0, 0], [True, 2]], "[[0, 0], [true, 2]]"),
     ([[0, 0], [1, 2e7]], "[[0, 0], [1, 20000000.0]]"), ({"x": 1}, '{"x": 1}')],
)  # fmt: skip
def test_a_bad_route_is_refused_with_one_sentence(route, shown):
    with pytest.raises(LoadError) as info:
        loads_document(json.dumps(header(edges=[{"id": "e", "route": route}])), "r.json")
    assert str(info.value) == (
        f'Cannot open "r.json": edge "e" (line 1) has {shown} as its "route", which must be a list of at least '
        "two [x, y] points, each a number within ±10,000,000."
    )


def test_utf32_is_named_as_utf32():
    with pytest.raises(LoadError) as info:
        loads_document('{"format": "diagrammer"}'.encode("utf-32"), "w.json")
    assert str(info.value) == 'Cannot open "w.json": it is UTF-32 text, but Diagrammer files are UTF-8.'


def test_lowering_the_edge_limit_in_native_applies(monkeypatch):
    monkeypatch.setattr(native, "MAX_EDGES", 1)
    with pytest.raises(LoadError) as info:
        loads_document(json.dumps(header(edges=[{"id": "e"}, {"id": "f"}])), "x.json")
    assert str(info.value) == 'Cannot open "x.json": it has 2 edges, more than the 1 this program opens.'


def test_the_native_format_is_read_and_written_in_one_module_without_a_circle():
    import importlib
    import pathlib

    package = pathlib.Path(native.__file__).parent
    assert sorted(p.name for p in package.glob("native*.py")) == ["native.py", "native_fields.py"]
    fields = importlib.import_module("diagrammer.io.native_fields")
    imports = [line for line in (package / "native_fields.py").read_text().splitlines() if "import" in line]
    assert not [line for line in imports if "native" in line]
    assert fields.MAX_TEXT == native.MAX_TEXT
