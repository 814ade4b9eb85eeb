"""The project's own DOT set (tests/data/dot): import checked in a bare clone, and against Graphviz when installed.

The files cover clusters and nesting, HTML and record labels, ports, several graphs in one file,
undirected strict graphs and odd but valid syntax; ``refused/`` holds files Graphviz refuses.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from diagrammer.io.dot import read_dot_import
from diagrammer.io.errors import LoadError
from tests.io.test_dot_import import graphviz_structure, imported_structure

DATA = Path(__file__).resolve().parents[1] / "data" / "dot"
FILES = sorted(p.name for p in DATA.glob("*.gv"))
REFUSED = sorted(p.name for p in (DATA / "refused").glob("*.gv"))


def shape(name):
    result = read_dot_import(DATA / name)
    doc = result.document
    parents = {n.name: (doc.nodes[n.parent].name if n.parent else None) for n in doc.nodes.values()}
    edges = [(doc.nodes[e.source].name, doc.nodes[e.target].name, e.kind, e.label) for e in doc.edges.values()]
    return doc.title, parents, edges, result.notices


def test_the_set_is_all_there():
    assert FILES == ["clusters.gv", "html_labels.gv", "odd_syntax.gv", "ports_records.gv", "two_graphs.gv",
                     "undirected.gv"]  # fmt: skip
    assert len(REFUSED) == 6


def test_clusters_nest_and_compound_edges_attach_to_containers():
    title, parents, edges, notices = shape("clusters.gv")
    assert title == "The lab"
    assert parents == {
        "Outer": None, "Inner": "Outer", "trainer": "Inner", "model": "Inner", "logger": "Outer", "deep": "Outer",
        "Deepest": "deep", "leaf": "Deepest", "X": None, "x1": "X", "x2": "X", "outside": None,
    }  # fmt: skip
    assert edges == [("x1", "x2", "link", ""), ("trainer", "model", "optimizes", ""),
                     ("logger", "Deepest", "link", ""), ("outside", "X", "link", "")]  # fmt: skip
    assert notices == [
        'ltail="cluster_outer" was ignored, as Graphviz ignores it: "leaf" at the other end is inside it too.'
    ]


def test_html_and_record_labels_and_ports():
    _, parents, edges, _ = shape("html_labels.gv")
    assert list(parents) == ["Bold & italic", "left right\nbelow <here>", "first\nsecond\nthird"]
    assert edges[1][3] == "hot"
    _, parents, edges, _ = shape("ports_records.gv")
    assert list(parents) == ["Input | Middle | Other | Output", "a | b", "name:with:colons"]
    assert len(edges) == 3


def test_odd_syntax_reads_as_graphviz_reads_it():
    title, parents, edges, notices = shape("odd_syntax.gv")
    assert title == "odd_graph"
    assert list(parents) == ["-.5", "7", "a1", "b1", "c1", "two\nlines", "a line that continues", "d1", "e1", "S",
                             "f1", "g1"]  # fmt: skip
    assert parents["f1"] == "S"
    assert [(a, b) for a, b, _, _ in edges] == [
        ("-.5", "7"), ("7", "a1"), ("a1", "c1"), ("b1", "c1"), ("d1", "f1"), ("d1", "g1"), ("e1", "f1"),
        ("e1", "g1"), ("a1", "b1"),
    ]  # fmt: skip
    assert notices == []


def test_several_graphs_and_undirected_strict_graphs():
    title, parents, _, notices = shape("two_graphs.gv")
    assert (title, list(parents), notices) == ("first", ["a", "b", "c"],
                                               ["The file holds 2 graphs; only the first was imported."])
    _, parents, edges, _ = shape("undirected.gv")
    assert parents == {"Ring": None, "a": "Ring", "b": "Ring", "c": "Ring"}
    assert len(edges) == 3


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty_statement.gv", "syntax error in line 1 near ';'"),
        ("trailing_semicolon.gv", "syntax error in line 1 near ';'"),
        ("wrong_edge_operator.gv", "syntax error in line 1 near '->'"),
        ("unclosed_html.gv", "syntax error in line 1 scanning a HTML string (missing '>'?)"),
    ],
)
def test_what_graphviz_refuses_is_refused(monkeypatch, name, reason):
    monkeypatch.setattr(shutil, "which", lambda _name: None)  # our reader's own words, with or without dot
    path = DATA / "refused" / name
    with pytest.raises(LoadError) as caught:
        read_dot_import(path)
    assert str(caught.value) == f'Cannot open "{path}": it is not valid DOT ({reason}).'


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("only_comments.gv", "it contains no graph, only comments"),
        ("utf32.gv", "it is UTF-32 text, but DOT files are read as UTF-8 or Latin-1"),
    ],
)
def test_files_without_a_readable_graph_say_why(name, reason):
    path = DATA / "refused" / name
    with pytest.raises(LoadError) as caught:
        read_dot_import(path)
    assert str(caught.value) == f'Cannot open "{path}": {reason}.'


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize("name", FILES)
def test_each_file_imports_as_graphviz_reads_it(name):
    proc = subprocess.run(["dot", "-Tjson", str(DATA / name)], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    data = json.JSONDecoder().raw_decode(proc.stdout.decode("utf-8").lstrip())[0]
    expected, node_count, cluster_count, edge_pairs, compound = graphviz_structure(data)
    result = read_dot_import(DATA / name)
    items, pairs = imported_structure(result)
    assert len(result.document.nodes) == node_count + cluster_count
    assert items == expected
    if not compound:
        assert pairs == edge_pairs


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize("name", [n for n in REFUSED if n not in ("only_comments.gv",)])
def test_graphviz_refuses_the_refused_set_too(name):
    proc = subprocess.run(["dot", "-Tcanon", str(DATA / "refused" / name)], capture_output=True, timeout=60)
    assert b"Error:" in proc.stderr
