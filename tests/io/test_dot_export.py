"""DOT export: Graphviz draws the file, and our import gives back the same diagram and labels."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from diagrammer.io.dot import dumps_dot, parse_dot, read_dot, reads_dot, write_dot
from diagrammer.io.errors import SaveError
from diagrammer.io.native import load_document
from diagrammer.model import LINK, OPTIMIZES, Document, Edge, Node
from diagrammer.paths import examples_dir
from diagrammer.rules import classify

CASES = Path(__file__).resolve().parents[1] / "data" / "public-cases.json"
EXAMPLES = sorted(examples_dir().glob("*.json"))

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

AWKWARD = [
    'say "hi"', "C:\\temp\\", "back\\\\slash", "a:b:c", "line one\nline two", "<b>bold</b>", "\\N", '\\"',
    "trailing\\", "é ☃ 😀", "node", "", "  spaced  ", "tab\there", "cr\r\nlf", "a -> b; }", "&amp; &lt;",
]  # fmt: skip


def assert_same_diagram(original: Document, back: Document) -> None:
    """Everything that travels through DOT: all but positions, container sizes and the order of nodes
    (DOT lists a container's parts inside it, so the file's order is the tree's)."""
    assert back.title == original.title
    assert back.extra == original.extra
    assert sorted(back.nodes) == sorted(original.nodes)
    containers = {n.parent for n in original.nodes.values()}
    for nid, node in original.nodes.items():
        got = back.nodes[nid]
        fields = ("name", "kinds", "designed_by_humans", "goal", "parent", "notes", "extra")
        assert {f: getattr(got, f) for f in fields} == {f: getattr(node, f) for f in fields}, nid
        if nid not in containers:
            assert (got.width, got.height) == (node.width, node.height), nid
        assert (got.x, got.y) == (None, None)
    assert sorted(back.edges) == sorted(original.edges)
    for eid, edge in original.edges.items():
        got = back.edges[eid]
        fields = ("source", "target", "kind", "label", "extra")
        assert {f: getattr(got, f) for f in fields} == {f: getattr(edge, f) for f in fields}, eid
    before, after = classify(original), classify(back)
    assert after.labels == before.labels
    assert after.problems == before.problems


def round_trip(doc: Document, tmp_path: Path) -> Document:
    path = tmp_path / "out.dot"
    write_dot(doc, path)
    back = read_dot(path)
    assert_same_diagram(doc, back)
    return back


def assert_graphviz_draws(path: Path) -> None:
    proc = subprocess.run(["dot", "-Tpng", "-o", str(path.with_suffix(".png")), str(path)], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    assert path.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def evolution() -> Document:
    return Document.from_parts(
        "Evolution and its mesa-optimizers",
        [
            Node("world", "World"),
            Node("evolution", "Natural selection", ["optimizer"], goal="inclusive genetic fitness", parent="world",
                 width=200, height=90),
            Node("humans", "Humans", ["agent", "optimizer"], goal="happiness", parent="world"),
            Node("brain", "Brain", [], parent="humans"),
            Node("planner", "Planner", ["optimizer"], goal=None, parent="brain", notes="plans\nahead"),
            Node("lab", "AI lab", ["agent"], designed_by_humans=True, goal=""),
        ],
        [
            Edge("e1", "evolution", "humans", OPTIMIZES),
            Edge("e2", "humans", "lab", LINK, label="funds"),
            Edge("e3", "lab", "brain", OPTIMIZES, label="studies"),
            Edge("e4", "world", "lab", LINK),
        ],
    )  # fmt: skip


def broken() -> Document:
    """Everything the classifier reports but a file may hold: a missing container, a containment
    loop, an arrow to nowhere, a self-loop, an arrow from a container into its own part."""
    return Document.from_parts(
        "",
        [
            Node("orphan", "Orphan", ["agent"], parent="gone"),
            Node("orphan-part", "Part", parent="orphan"),
            Node("loop-a", "Loop A", parent="loop-b"),
            Node("loop-b", "Loop B", ["optimizer"], parent="loop-a"),
            Node("in-loop", "Inside the loop", parent="loop-a"),
            Node("box", "Box", ["optimizer"]),
            Node("inner", "Inner", ["agent"], parent="box"),
        ],
        [
            Edge("to-nowhere", "box", "missing-node", OPTIMIZES),
            Edge("from-nowhere", "", "inner", OPTIMIZES),
            Edge("self", "box", "box", OPTIMIZES),
            Edge("into-part", "box", "inner", OPTIMIZES),
            Edge("loopy", "loop-a", "loop-b", OPTIMIZES),
        ],
    )


def test_round_trip_of_a_nested_diagram(tmp_path):
    round_trip(evolution(), tmp_path)


@needs_dot
def test_graphviz_draws_the_export(tmp_path):
    for name, doc in (("evolution", evolution()), ("broken", broken())):
        path = tmp_path / f"{name}.dot"
        write_dot(doc, path)
        assert_graphviz_draws(path)


def test_round_trip_of_a_broken_diagram_keeps_its_problems(tmp_path):
    doc = broken()
    assert classify(doc).problems, "the diagram must have problems for this test to mean anything"
    round_trip(doc, tmp_path)


def test_awkward_user_text_survives(tmp_path):
    nodes = [Node("box", AWKWARD[0], goal=AWKWARD[1], notes=AWKWARD[4])]
    for i, text in enumerate(AWKWARD):
        nodes.append(Node(f"id {text}", text, ["agent"], goal=text, notes=text, parent="box" if i % 2 else None))
        nodes.append(Node(f"part:{i}", text, parent=f"id {text}"))
    edges = [Edge(f"edge {text}", f"id {text}", "box", OPTIMIZES, label=text) for text in AWKWARD]
    doc = Document.from_parts('\\N "title"\n<i>', nodes, edges, extra={"custom": ['"', "\\"]})
    round_trip(doc, tmp_path)
    if shutil.which("dot"):
        assert_graphviz_draws(tmp_path / "out.dot")


def test_dot_node_names_are_generated_never_user_text():
    import pydot

    doc = Document.from_parts("", [Node("a:b", "x:y"), Node("c d", "node")], [Edge("e", "a:b", "c d")])
    (graph,) = pydot.graph_from_dot_data(dumps_dot(doc))
    assert sorted(n.get_name() for n in graph.get_nodes() if n.get_name() not in ("node", "graph", "edge")) == [
        "n1", "n2",
    ]  # fmt: skip


def test_edges_to_containers_use_lhead_and_ltail():
    lines = dumps_dot(evolution()).splitlines()
    assert lines[1] == '  graph [compound=true, labelloc=t, label="Evolution and its mesa-optimizers"];'
    # n1 is "Natural selection", the first leaf inside "World"; n2 "Planner", inside "Brain".
    assert lines[-5:-1] == [
        '  n1 -> n2 [diagrammer_id="e1", kind=optimizes, lhead=cluster_humans];',
        '  n2 -> n3 [diagrammer_id="e2", kind=link, label="funds", ltail=cluster_humans];',
        '  n3 -> n2 [diagrammer_id="e3", kind=optimizes, label="studies", lhead=cluster_brain];',
        '  n1 -> n3 [diagrammer_id="e4", kind=link, ltail=cluster_world];',
    ]


def test_unknown_fields_travel_as_json():
    doc = Document.from_parts("", [Node("a", extra={"color": "red", "tags": [1, 2]})], [], extra={"author": "me"})
    back = reads_dot(dumps_dot(doc))
    assert back.nodes["a"].extra == {"color": "red", "tags": [1, 2]}
    assert back.extra == {"author": "me"}


def test_ten_thousand_levels_export_without_recursion_and_import_again():
    nodes = [Node("n0", "level 0")] + [Node(f"n{i}", f"level {i}", parent=f"n{i - 1}") for i in range(1, 10_000)]
    text = dumps_dot(Document.from_parts("", nodes, []))
    assert text.count("subgraph") == 9_999
    assert len(text) < 10_000 * 400  # indentation stops growing, so the size stays linear
    back = reads_dot(text, "deep.dot")
    assert [(n.id, n.name, n.parent) for n in back.nodes.values()] == [(n.id, n.name, n.parent) for n in nodes]


def test_write_dot_is_atomic_and_reports_errors_as_save_errors(tmp_path):
    path = tmp_path / "out.dot"
    path.write_text("old")
    write_dot(evolution(), path)
    assert path.read_text().startswith("digraph {")
    with pytest.raises(SaveError, match="its folder does not exist"):
        write_dot(evolution(), tmp_path / "missing" / "out.dot")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_round_trip_of_each_example(example, tmp_path):
    doc = load_document(example)
    round_trip(doc, tmp_path)
    if shutil.which("dot"):
        assert_graphviz_draws(tmp_path / "out.dot")


def public_cases() -> list[tuple[str, Document]]:
    if not CASES.is_file():
        return []
    cases = []
    for case in json.loads(CASES.read_text())["cases"]:
        nodes = [Node(**{k: v for k, v in n.items()}) for n in case["nodes"]]
        edges = [Edge(f"e{i}", s, t, OPTIMIZES) for i, (s, t) in enumerate(case["optimizes"], start=1)]
        cases.append((case["id"], Document.from_parts(case.get("description", ""), nodes, edges)))
    return cases


@pytest.mark.parametrize(("case_id", "doc"), public_cases(), ids=[c for c, _ in public_cases()])
def test_round_trip_of_each_public_case(case_id, doc, tmp_path):
    round_trip(doc, tmp_path)


def test_an_edge_route_travels_as_an_attribute_and_comes_back():
    route = [(10.0, 20.5), (30.25, 20.5), (30.25, -4.0)]
    doc = Document.from_parts(
        "", [Node("a", "A"), Node("b", "B")], [Edge("e1", "a", "b", route=route), Edge("e2", "b", "a")]
    )
    text = dumps_dot(doc)
    assert 'route="10,20.5 30.25,20.5 30.25,-4"' in text
    back = reads_dot(text)
    assert back.edges["e1"].route == route
    assert back.edges["e2"].route is None


def test_a_malformed_route_is_left_out_with_a_notice():
    result = parse_dot('digraph { a -> b [route="1,2 x,3"] }')
    assert next(iter(result.document.edges.values())).route is None
    assert result.notices == ['The route "1,2 x,3" of an edge is not a list of x,y points; it was left out.']
