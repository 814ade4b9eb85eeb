"""Fuzzing the loaders: whatever the bytes, only the documented LoadError escapes (issue: hostile files)."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrammer.io.dot import reads_dot
from diagrammer.io.errors import LoadError
from diagrammer.io.native import loads_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "resources" / "examples").glob("*.json"))
CORPUS = sorted((ROOT.parent / "shared" / "corpus" / "dot").glob("*"))
SEEDS_JSON = [p.read_bytes() for p in EXAMPLES]
SEEDS_DOT = [p.read_bytes()[:3000] for p in CORPUS[:60]] or [b"digraph { a -> b }"]
FAST = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw, seeds):
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete", "truncate"]))
        if action == "flip":
            data[where] = draw(st.integers(0, 255))
        elif action == "cut":
            end = min(len(data), where + draw(st.integers(1, 40)))
            del data[where:end]
        elif action == "insert":
            data[where:where] = draw(st.sampled_from(
                [b"{", b"}", b"[", b"]", b'"', b",", b":", b"null", b"NaN", b"1e999", b"-", b"\\u0000", b"\xff",
                 b"subgraph cluster_x {", b"->", b"--", b";", b"<", b">", b"=", b"\n"]))
        elif action == "delete":
            del data[where]
        else:
            del data[where:]
    return bytes(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def shaped_documents(draw):
    """Right top-level shape, random field values: the type checks' work."""
    node_keys = ["id", "name", "kinds", "designed_by_humans", "goal", "parent", "x", "y", "width", "height", "notes"]
    nodes = [
        {key: draw(json_values) for key in draw(st.lists(st.sampled_from(node_keys), unique=True))}
        for _ in range(draw(st.integers(0, 4)))
    ]
    edges = [
        {key: draw(json_values) for key in draw(st.lists(st.sampled_from(["id", "source", "target", "kind", "label"]),
                                                         unique=True))}
        for _ in range(draw(st.integers(0, 3)))
    ]
    doc = {"format": "diagrammer", "version": draw(st.sampled_from([1, 1, 2, 0, "1", None])), "nodes": nodes,
           "edges": edges}
    return json.dumps(doc, allow_nan=True).encode("utf-8")


def _only_load_errors(load, data: bytes) -> None:
    try:
        load(data)
    except LoadError as exc:
        text = str(exc)
        assert text and "\n" not in text and "Traceback" not in text


@FAST
@given(mutated(SEEDS_JSON))
def test_mutated_native_files_raise_only_load_error(data):
    _only_load_errors(lambda d: loads_document(d, "fuzz.json"), data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shaped_documents())
def test_generated_native_files_raise_only_load_error(data):
    _only_load_errors(lambda d: loads_document(d, "fuzz.json"), data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SEEDS_DOT))
def test_mutated_dot_files_raise_only_load_error(data):
    _only_load_errors(lambda d: reads_dot(d.decode("latin-1"), "fuzz.dot"), data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('digraph{}[]=;->"a b:cluster_subgraph<>\n\\')), max_size=120))
def test_dot_token_soup_raises_only_load_error(text):
    _only_load_errors(lambda d: reads_dot(d, "soup.dot"), text.encode())
