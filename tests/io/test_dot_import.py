"""DOT import: every graph of the Graphviz corpus read as Graphviz reads it, and the special cases.

The oracle is Graphviz itself: ``dot -Tjson`` reports, after dot has settled which cluster each
node belongs to, the subgraphs (clusters are those named ``cluster...`` that dot looks into),
the nodes in each and the edges. The import must give the same cluster tree, the same node in
the same cluster, as many nodes and edges, and the same edge endpoints.
"""

from __future__ import annotations

import functools
import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrammer.io.dot import parse_dot, read_dot, read_dot_import, read_dot_with_notices, reads_dot
from diagrammer.io.errors import LoadError
from diagrammer.io.files import load_path
from diagrammer.model import LINK, OPTIMIZES

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dot"
FILES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []
RANK_SETS = {"same", "min", "max", "source", "sink"}

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


@functools.cache
def graphviz_reading(name: str) -> tuple[str, dict | str]:
    """``("dot", json)``, or ``("rejected", Graphviz's message)``; cached for the session.

    When dot's parser accepts a file but its layout crashes (b15.gv: a segfault with
    concentrate=true, a Graphviz bug), neato -Tjson gives the same parse without dot's layout.
    """
    path = str(CORPUS / name)
    proc = subprocess.run(["dot", "-Tjson", path], capture_output=True, timeout=120)
    if proc.returncode < 0 and shutil.which("neato"):
        proc = subprocess.run(["neato", "-Tjson", path], capture_output=True, timeout=120)
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {proc.returncode}"]
        return "rejected", lines[-1]
    # A file with several graphs gives several JSON documents; we import the first.
    return "dot", json.JSONDecoder().raw_decode(proc.stdout.decode("utf-8").lstrip())[0]


def graphviz_structure(data: dict) -> tuple[list, int, int, list, bool]:
    """Sorted (kind, name, enclosing cluster names), node and cluster counts, edges, compound?"""
    count = data.get("_subgraph_cnt", 0)
    objects = data.get("objects", [])
    children = {i: objects[i].get("subgraphs", []) for i in range(count)}
    roots = [i for i in range(count) if not any(i in c for c in children.values())]
    path: dict[int, tuple[int, ...]] = {}
    rank: dict[int, int] = {}
    stack = [(i, (), True) for i in reversed(roots)]
    while stack:
        i, above, visible = stack.pop()
        cluster = visible and objects[i]["name"].lower().startswith("cluster")
        path[i] = (*above, i) if cluster else above
        if cluster:
            rank[i] = len(rank)
        blocked = not cluster and str(objects[i].get("rank", "")).lower() in RANK_SETS
        stack.extend((c, path[i], visible and not blocked) for c in reversed(children[i]))
    clusters = [i for i in range(count) if path[i][-1:] == (i,)]
    paths: dict[int, list] = {}
    for c in clusters:
        for v in objects[c].get("nodes", []):
            paths.setdefault(v, []).append(path[c])

    def names(p):
        return tuple(objects[i]["name"] for i in p)

    items = [("cluster", objects[c]["name"], names(path[c][:-1])) for c in clusters]
    for v in range(count, len(objects)):
        # dot's JSON lists a node in every cluster around it; the innermost is where it is.
        best = min(paths.get(v, [()]), key=lambda p: (*(rank[c] for c in p), math.inf))
        items.append(("node", objects[v]["name"], names(best)))
    edges = data.get("edges", [])
    pairs = sorted((objects[e["tail"]]["name"], objects[e["head"]]["name"]) for e in edges)
    compound = any("lhead" in e or "ltail" in e for e in edges)
    return sorted(items), len(objects) - count, len(clusters), pairs, compound


def imported_structure(result) -> tuple[list, list]:
    doc, names = result.document, result.dot_names
    items = []
    for nid in doc.nodes:
        above = tuple(reversed([names[a] for a in doc.ancestors(nid)]))
        items.append(("cluster" if nid in result.clusters else "node", names[nid], above))
    pairs = sorted((names[e.source], names[e.target]) for e in doc.edges.values())
    return sorted(items), pairs


# ----- the corpus ---------------------------------------------------------------------------------


@needs_dot
@pytest.mark.skipif(not FILES, reason="the DOT corpus is not available")
@pytest.mark.parametrize("name", FILES)
def test_corpus_file_imports_as_graphviz_reads_it(name):
    how, data = graphviz_reading(name)
    if how == "rejected":
        pytest.skip(f"Graphviz rejects {name}: {data}")
    expected, node_count, cluster_count, edge_pairs, compound = graphviz_structure(data)
    result = read_dot_import(CORPUS / name)
    items, pairs = imported_structure(result)
    assert len(result.document.nodes) == node_count + cluster_count
    assert len(result.document.edges) == len(edge_pairs)
    assert items == expected
    if not compound:  # lhead/ltail move edge ends onto containers, which Graphviz does not
        assert pairs == edge_pairs
    assert all(n.x is None and n.y is None for n in result.document.nodes.values())


@pytest.mark.skipif(not FILES, reason="the DOT corpus (../shared/corpus/dot) is not beside this clone")
def test_the_corpus_is_all_there():
    assert len(FILES) == 312


# ----- the cases ----------------------------------------------------------------------------------


def names_by_parent(doc):
    return {n.name: (doc.nodes[n.parent].name if n.parent else None) for n in doc.nodes.values()}


def test_clusters_become_containers_named_by_label_or_by_name():
    doc = reads_dot(
        """digraph {
             subgraph cluster_outer { label="Outer box";
               subgraph cluster_inner { a }
               subgraph plain { b }
             }
             subgraph clusterX { c }
             d
           }"""
    )
    assert names_by_parent(doc) == {
        "Outer box": None, "inner": "Outer box", "X": None, "a": "inner", "b": "Outer box", "c": "X", "d": None,
    }  # fmt: skip
    assert [n.id for n in doc.nodes.values()] == ["c1", "c2", "n1", "n2", "c3", "n3", "n4"]


def test_lhead_and_ltail_attach_the_edge_to_the_container():
    doc, notices = reads_dot_with_notices(
        """digraph { compound=true;
             subgraph cluster_a { label="A"; x }
             subgraph cluster_b { label="B"; y }
             x -> y [lhead=cluster_b, ltail=cluster_a, kind=optimizes]
             x -> y [lhead=cluster_a]
           }"""
    )
    first, second = doc.edges.values()
    assert (doc.nodes[first.source].name, doc.nodes[first.target].name, first.kind) == ("A", "B", OPTIMIZES)
    # y is not inside cluster_a: Graphviz ignores that lhead, and so do we, saying so.
    assert (doc.nodes[second.source].name, doc.nodes[second.target].name) == ("x", "y")
    assert notices == ['lhead="cluster_a" was ignored, as Graphviz ignores it: "y" is not inside such a cluster.']


def reads_dot_with_notices(text):
    return parse_dot(text).document, parse_dot(text).notices


def test_ports_are_ignored_and_colons_stay_in_names():
    result = parse_dot('digraph { a:p1:n -> b:s; "c:d" -> "e:f":p2; a:p3 [label="A"] }')
    doc = result.document
    assert [n.name for n in doc.nodes.values()] == ["A", "b", "c:d", "e:f"]
    assert sorted(result.dot_names.values()) == ["a", "b", "c:d", "e:f"]
    assert [(doc.nodes[e.source].name, doc.nodes[e.target].name) for e in doc.edges.values()] == [
        ("A", "b"), ("c:d", "e:f"),
    ]  # fmt: skip


def test_html_labels_become_their_plain_text():
    doc = reads_dot(
        """digraph {
             a [label=<<b>Bold</b> &amp; <i>plain</i>>];
             b [label=<<table><tr><td>left</td><td>right</td></tr><tr><td>below</td></tr></table>>];
             c [label=<first<br/>second>];
           }"""
    )
    assert [n.name for n in doc.nodes.values()] == ["Bold & plain", "left right\nbelow", "first\nsecond"]


def test_label_escapes_records_and_defaults_follow_graphviz():
    doc = reads_dot(
        r"""digraph G {
              a; node [label="X"]; b;
              subgraph cluster_s { node [label="\N!"]; c; a }
              d [label="two\nlines\l"]; e [shape=record, label="<p> one | {two | <q> three}"];
              f [label="\G and \N"]; g [label=""];
            }"""
    )
    assert [n.name for n in doc.nodes.values()] == [
        "s", "a", "X", "c!", "two\nlines", "one | two | three", "G and f", "",
    ]  # fmt: skip


def test_undirected_and_strict_graphs():
    assert len(reads_dot("graph { a -- b; b -- a; a -- b }").edges) == 3
    assert len(reads_dot("strict graph { a -- b; b -- a; a -- b }").edges) == 1
    assert len(reads_dot("strict digraph { a -> b; b -> a; a -> b [kind=optimizes] }").edges) == 2
    strict = reads_dot("strict digraph { a -> b; a -> b [kind=optimizes, label=L] }")
    assert [(e.kind, e.label) for e in strict.edges.values()] == [(OPTIMIZES, "L")]


def test_edge_chains_and_subgraph_operands():
    doc = reads_dot("digraph { a -> b -> c; {d e} -> f; g -> subgraph cluster_s { label=S; h i } }")
    pairs = [(doc.nodes[e.source].name, doc.nodes[e.target].name) for e in doc.edges.values()]
    assert pairs == [("a", "b"), ("b", "c"), ("d", "f"), ("e", "f"), ("g", "h"), ("g", "i")]
    assert names_by_parent(doc)["h"] == "S"


def test_a_node_in_two_clusters_goes_where_graphviz_puts_it():
    result = parse_dot("digraph { subgraph cluster_b { x; y } subgraph cluster_a { z; x } }")
    assert names_by_parent(result.document) == {"b": None, "a": None, "x": "b", "y": "b", "z": "a"}
    assert result.notices == [
        'The node "x" is listed in the clusters "cluster_b" and "cluster_a"; like Graphviz, it was put in '
        '"cluster_b" only.'
    ]


def test_edge_kinds_and_labels():
    doc = reads_dot('digraph { a -> b [kind=optimizes]; a -> c; edge [kind="optimizes"]; c -> d [label="trains"] }')
    assert [(e.kind, e.label) for e in doc.edges.values()] == [(OPTIMIZES, ""), (LINK, ""), (OPTIMIZES, "trains")]


def test_our_own_fields_are_read_back():
    doc = reads_dot(
        r"""digraph {
              subgraph cluster_evo { label="Evolution"; diagrammer_id="evo"; kinds="optimizer";
                                     goal="inclusive fitness"; notes="line one\nline two"; }
              h [label="Humans", diagrammer_id="humans", kinds="agent,optimizer", designed_by_humans=true,
                 goal="", width=2, height=1];
              subgraph cluster_evo { h }
              h -> h [diagrammer_id="loop", kind=link];
            }"""
    )
    evo, humans = doc.nodes["evo"], doc.nodes["humans"]
    assert (evo.name, evo.kinds, evo.goal, evo.notes) == ("Evolution", ["optimizer"], "inclusive fitness",
                                                          "line one\nline two")  # fmt: skip
    assert (humans.kinds, humans.designed_by_humans, humans.goal, humans.parent) == (
        ["agent", "optimizer"], True, "", "evo",
    )  # fmt: skip
    assert (humans.width, humans.height) == (144.0, 72.0)
    assert list(doc.edges) == ["loop"]


def test_several_graphs_import_the_first_with_a_notice(tmp_path):
    path = tmp_path / "two.gv"
    path.write_text("digraph first { a -> b }\ngraph second { c -- d }\n")
    doc, notices = read_dot_with_notices(path)
    assert sorted(n.name for n in doc.nodes.values()) == ["a", "b"]
    assert doc.title == "first"
    assert notices == ["The file holds 2 graphs; only the first was imported."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("digraph { a -> ; }", "Graphviz cannot read it (syntax error in line 1 near ';')"),
        ("graph {\n a -> b }", "Graphviz cannot read it (syntax error in line 2 near '->')"),
        ("digraph { a -- b }", "Graphviz cannot read it (syntax error in line 1 near '--')"),
        ("digraph { a } garbage", "Graphviz cannot read it (syntax error in line 1 near 'garbage')"),
        ("", "it contains no graph"),
    ],
)
@needs_dot
def test_a_file_graphviz_rejects_is_refused_with_one_sentence(tmp_path, text, reason):
    path = tmp_path / "bad.gv"
    path.write_text(text)
    with pytest.raises(LoadError) as caught:
        read_dot(path)
    assert str(caught.value) == f'Cannot open "{path}": {reason}.'
    assert "\n" not in str(caught.value)


def test_without_graphviz_the_message_comes_from_the_parser(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(LoadError) as caught:
        reads_dot("digraph {\n a -> ; }", "bad.gv")
    assert str(caught.value) == 'Cannot open "bad.gv": it is not valid DOT (syntax error in line 2 near \';\').'


def test_any_nesting_depth_imports():
    depth = 5_000
    text = "digraph {" + "subgraph {" * depth + "a" + "}" * depth + "}"
    assert [n.name for n in reads_dot(text).nodes.values()] == ["a"]


def test_nesting_deeper_than_pythons_recursion_limit_imports():
    depth = 120
    text = "digraph {" + "".join(f"subgraph cluster_{i} {{" for i in range(depth)) + "leaf" + "}" * depth + "}"
    doc = reads_dot(text)
    assert len(doc.nodes) == depth + 1
    assert len(list(doc.ancestors("n1"))) == depth


def test_latin1_file(tmp_path):
    path = tmp_path / "latin.gv"
    path.write_bytes('digraph { a [label="café Ørsted"] }'.encode("latin-1"))
    assert [n.name for n in read_dot(path).nodes.values()] == ["café Ørsted"]


def test_utf8_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.gv"
    path.write_bytes('\ufeffdigraph { a [label="naïve"] }'.encode())
    assert [n.name for n in read_dot(path).nodes.values()] == ["naïve"]


def test_load_path_dispatches_dot_files_and_reports_missing_ones(tmp_path):
    path = tmp_path / "g.dot"
    path.write_text("digraph { a -> b }")
    assert len(load_path(path).nodes) == 2
    with pytest.raises(LoadError, match="there is no such file"):
        read_dot(tmp_path / "missing.gv")


def test_notices_are_capped():
    text = "digraph {" + "".join(f" a{i} -> b [lhead=cluster_none];" for i in range(15)) + " }"
    notices = parse_dot(text).notices
    assert len(notices) == 10
    assert notices[-1] == "6 more notices like these."


def test_extra_fields_never_shadow_known_ones():
    doc = reads_dot('digraph { a [diagrammer_extra="{\\"name\\": \\"x\\", \\"color\\": \\"red\\"}"] }')
    node = next(iter(doc.nodes.values()))
    assert (node.name, node.extra) == ("a", {"color": "red"})


# ----- DOT as Graphviz's grammar reads it ---------------------------------------------------------


def test_a_negative_number_without_a_leading_digit_is_a_node_name():
    doc = reads_dot("digraph { -.5 -> b }")
    assert [n.name for n in doc.nodes.values()] == ["-.5", "b"]
    assert len(doc.edges) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("digraph { a -> b } ;", "syntax error in line 1 near ';'"),
        ("digraph { a; ; b }", "syntax error in line 1 near ';'"),
        ("digraph { a [style] }", "syntax error in line 1 near ']'"),
        ("digraph { subgraph s -> a }", "syntax error in line 1 near '->'"),
        ("digraph { a:b:c:d }", "syntax error in line 1 near ':'"),
        ("digraph { a } }", "syntax error in line 1 near '}'"),
        ("digraph { a /* open", "syntax error in line 1 scanning a /*...*/ comment (missing '*/'?)"),
    ],
)
def test_what_graphviz_refuses_is_refused(monkeypatch, text, reason):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(LoadError) as caught:
        reads_dot(text, "bad.gv")
    assert str(caught.value) == f'Cannot open "bad.gv": it is not valid DOT ({reason}).'


@needs_dot
@pytest.mark.parametrize("text", ["digraph { a -> b } ;", "digraph { a; ; b }", "digraph { a [style] }"])
def test_graphviz_refuses_the_same_text(text):
    with pytest.raises(LoadError, match=r"Graphviz cannot read it \(syntax error in line 1 near"):
        reads_dot(text, "bad.gv")


def test_what_graphviz_accepts_is_accepted():
    doc = reads_dot('digraph "x" + "y" { a, b -> c [w=1; v=2] [u=3]; "p" + "q"; 5-5; a = b; A:n -> B:"p":s }')
    assert doc.title == "xy"
    assert [n.name for n in doc.nodes.values()] == ["a", "b", "c", "pq", "5", "-5", "A", "B"]
    assert len(doc.edges) == 3


def test_a_quoted_string_may_continue_on_the_next_line():
    doc = reads_dot('digraph { a [label="one \\\ntwo"] }')
    assert [n.name for n in doc.nodes.values()] == ["one two"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("// nothing here\n/* at all */\n# 1 \"x\"\n", "it contains no graph, only comments"),
        ("  \n", "it contains no graph"),
    ],
)
def test_a_file_without_a_graph_says_so(tmp_path, text, reason):
    path = tmp_path / "empty.gv"
    path.write_text(text)
    with pytest.raises(LoadError) as caught:
        read_dot(path)
    assert str(caught.value) == f'Cannot open "{path}": {reason}.'


@pytest.mark.parametrize(
    ("encoding", "form"),
    [("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"), ("utf-16", "UTF-16"),
     ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16")],
)  # fmt: skip
def test_wide_unicode_files_are_named_by_their_form(tmp_path, encoding, form):
    path = tmp_path / "wide.gv"
    path.write_bytes("digraph { a }".encode(encoding))
    with pytest.raises(LoadError) as caught:
        read_dot(path)
    assert str(caught.value) == f'Cannot open "{path}": it is {form} text, but DOT files are read as UTF-8 or Latin-1.'


TRICKY = [
    "digraph { 9 -> 10 -> 11 -> 12; 1.5 -> 20 [w=10]; 10a; .5.5 }",
    'digraph { a [x=1, y="2"] [z=3]; b -> c [l="x\\\ny"]; "q\\"" -> "r" + "s"; d:p -> e; f, g }',
    "digraph { a -> b // note\n -> c; x [y=z /* c */]; node [shape=box] n1; edge [a=b] -1 -> -2 }",
    "graph { a -- b; a -- b -- c [w=1]; subgraph s { d -- e } }",
    "strict digraph { a -> b; a -> b [k=1]; b -> a }",
]


OWN_SET = sorted((Path(__file__).parents[1] / "data" / "dot").glob("*.gv"))


@pytest.mark.parametrize("text", TRICKY + [p.read_text() for p in OWN_SET])
def test_the_one_match_shortcuts_read_as_the_token_by_token_path(monkeypatch, text):
    from diagrammer.io import dot_grammar

    fast = dot_grammar.parse_graphs(text)
    monkeypatch.setattr(dot_grammar._Parser, "_fast_statement", lambda self, body: False)
    monkeypatch.setattr(dot_grammar._Parser, "_fast_list", lambda self, start, attrs: False)
    slow = dot_grammar.parse_graphs(text)

    def plain(value):
        if isinstance(value, dot_grammar.Graph | dot_grammar.Subgraph):
            return (getattr(value, "name", ""), plain(value.body))
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    assert plain(fast) == plain(slow)


PIECES = ["a", "b", "10", "-.5", "1a", '"q"', '"x\\"y"', "->", "--", ";", ",", ":", "=", "[", "]", "{", "}", "+",
          "node", "edge", "subgraph", "// c\n", "/* c */", "\n#x\n", "<b>", " ", "\n"]  # fmt: skip


def outcome(text):
    from diagrammer.io import dot_grammar

    try:
        graphs = dot_grammar.parse_graphs(text)
    except dot_grammar.DotSyntaxError as exc:
        return ("refused", str(exc))

    def plain(value):
        if isinstance(value, dot_grammar.Graph | dot_grammar.Subgraph):
            return (value.name, plain(value.body))
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return plain(graphs)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.sampled_from(["digraph {", "graph {"]),
       st.sampled_from([" ", ""]))  # fmt: skip
def test_shortcuts_agree_with_the_token_path_on_random_text(monkeypatch, pieces, head, gap):
    from diagrammer.io import dot_grammar

    text = head + gap.join(pieces) + " }"
    fast = outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(dot_grammar._Parser, "_fast_statement", lambda self, body: False)
        patch.setattr(dot_grammar._Parser, "_fast_list", lambda self, start, attrs: False)
        slow = outcome(text)
    assert fast == slow
