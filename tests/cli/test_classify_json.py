"""``classify --json`` prints exactly the layout of format.md §3, byte for byte, however odd the text."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrammer.commands.classify import json_text
from diagrammer.model import Document, Edge, Node
from diagrammer.rules import classify

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "data" / "public-cases.json").read_text(encoding="utf-8"))["cases"]
SURROGATE = re.compile("[\ud800-\udfff]")


def reference_bytes(data: dict) -> bytes:
    """The output as first specified: ``to_json_dict`` laid out one node or problem per line,
    each value written by json's encoder, lone surrogates escaped so that the bytes are UTF-8."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    chunks = ["{"]
    for index, (key, value) in enumerate(data.items()):
        chunks += (",\n  " if index else "\n  ", encode(key), ": ")
        if isinstance(value, dict) and value:
            chunks.append("{")
            for k, v in value.items():
                chunks += ("\n    ", encode(k), ": ", encode(v), ",")
            chunks[-1] = "\n  }"
        elif isinstance(value, list) and value:
            chunks.append("[")
            for item in value:
                chunks += ("\n    ", encode(item), ",")
            chunks[-1] = "\n  ]"
        else:
            chunks.append(encode(value))
    chunks.append("\n}\n")
    text = "".join(chunks)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def printed(doc: Document) -> bytes:
    """The bytes the command writes for ``doc``."""
    return json_text(doc, classify(doc)).encode("utf-8", "backslashreplace")


def case_document(case: dict) -> Document:
    nodes = [Node(raw["id"], raw.get("name", ""), list(raw.get("kinds", [])), bool(raw.get("designed_by_humans")),
                  raw.get("goal"), raw.get("parent")) for raw in case["nodes"]]  # fmt: skip
    edges = [Edge(f"e{i}", source, target) for i, (source, target) in enumerate(case["optimizes"])]
    return Document.from_parts(case["id"], nodes, edges)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_public_cases_print_the_reference_bytes(case):
    doc = case_document(case)
    assert printed(doc) == reference_bytes(classify(doc).to_json_dict(doc))


# Texts that JSON must escape, or that only look as if it must.
ODD = ['say "hi"', "back\\slash", 'both \\"', "line\nbreak", "tab\there", "bell\x07", "del\x7f", "nbsp\xa0",
       "half \ud800 surrogate", "arrow →", "emoji 🦀", "«P» and «X»", "", " ", "plain"]  # fmt: skip


def odd_document(texts: list[str], count: int) -> Document:
    """A chain of optimizers inside agents, every name, id and goal drawn from ``texts``."""
    nodes = []
    for i in range(count):
        text = texts[i % len(texts)]
        kinds = ["agent", "optimizer"] if i % 3 else ["optimizer"]
        parent = f"{texts[(i - 1) % len(texts)]}#{i - 1}" if i % 4 else None
        nodes.append(Node(f"{text}#{i}", text, kinds, i % 7 == 0, texts[(i * 5) % len(texts)] or None, parent))
    edges = [Edge(f"e{i}", nodes[i].id, nodes[(i * 3 + 1) % count].id) for i in range(count)]
    edges.append(Edge("gone", nodes[0].id, 'missing "node"\n'))
    return Document.from_parts("odd", nodes, edges)


@pytest.mark.parametrize(
    "texts",
    [ODD, [t for t in ODD if "\\" not in t and t.isprintable()], ["plain", 'quo"te', "Ünïcode ✓", "«a»"]],
    ids=["everything", "no-escapes-needed-but-quotes", "quick-path"],
)
def test_odd_texts_print_the_reference_bytes(texts):
    doc = odd_document(texts, 60)
    result = classify(doc)
    assert len(result.problems) > 1 and any(len(labels) > 2 for labels in result.labels.values())
    assert printed(doc) == reference_bytes(result.to_json_dict(doc))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=6), min_size=1, max_size=8), st.integers(1, 25))
def test_any_text_prints_the_reference_bytes(texts, count):
    doc = odd_document(texts, count)
    result = classify(doc)
    assert printed(doc) == reference_bytes(result.to_json_dict(doc))


@pytest.mark.parametrize("blank", ["\t", " \n ", "\u2028", " "])
def test_a_blank_name_is_printed_as_given(blank):
    # A blank name is shown as the id in the texts, but the JSON prints the name as given: its
    # control characters must still be escaped.
    doc = Document.from_parts("", [Node("a", blank, ["agent"]), Node("b", "B", ["agent"], parent="a")], [])
    result = classify(doc)
    assert result.to_json_dict(doc)["nodes"]["a"]["name"] == blank
    assert printed(doc) == reference_bytes(result.to_json_dict(doc))


def test_empty_and_problem_free_diagrams():
    empty = Document.from_parts("", [], [])
    assert printed(empty) == b'{\n  "nodes": {},\n  "problems": []\n}\n'
    calm = Document.from_parts("", [Node("a", "A", ["agent"]), Node("b", "B", ["agent"], parent="a")], [])
    assert printed(calm) == reference_bytes(classify(calm).to_json_dict(calm))


def test_the_command_prints_the_reference_bytes(tmp_path):
    doc = odd_document(ODD, 2500)  # several of the command's writes (a thousand lines each), surrogates too
    nodes = [{"id": n.id, "name": n.name, "kinds": n.kinds, "designed_by_humans": n.designed_by_humans,
              "goal": n.goal, "parent": n.parent} for n in doc.nodes.values()]  # fmt: skip
    edges = [{"id": e.id, "source": e.source, "target": e.target} for e in doc.edges.values()]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"format": "diagrammer", "version": 1, "nodes": nodes, "edges": edges}))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-m", "diagrammer", "classify", str(path), "--json"],
                            capture_output=True, cwd=ROOT, env=env, timeout=300)  # fmt: skip
    assert result.returncode == 1 and result.stderr == b""
    assert result.stdout == reference_bytes(classify(doc).to_json_dict(doc))


def test_a_large_diagram_prints_the_reference_bytes():
    doc = odd_document(["plain", 'quo"te', "a→b", "tab\there"], 3000)
    assert printed(doc) == reference_bytes(classify(doc).to_json_dict(doc))
