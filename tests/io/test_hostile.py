"""Broken and hostile files: each is refused with one sentence naming the file, never a crash."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrammer.io import LoadError, load_document, loads_document

ROOT = Path(__file__).resolve().parents[2]
HEAD = '{"format": "diagrammer", "version": 1, '


def doc_with(body: str) -> bytes:
    return (HEAD + body + "}").encode("utf-8")


# (case id, file contents, expected reason: the message is exactly 'Cannot open "<file>": <reason>.')
CASES = [
    ("empty", b"", "the file is empty"),
    ("only-spaces", b" \n\t\n", "the file is empty"),
    ("not-json", b'{"format": "diagrammer",\n "version": 1\n "nodes": []}',
     "line 3 is not valid JSON (Expecting ',' delimiter)"),
    ("truncated", b'{"format": "diagrammer", "version": 1,\n"nodes": [{"id": "a"',
     "line 2 is not valid JSON (Expecting ',' delimiter)"),
    ("unterminated-string", b'{"format": "diagrammer",\n"title": "abc',
     "line 2 is not valid JSON (Unterminated string starting at column 10)"),
    ("control-character", b'{"format": "diagrammer", "title": "a\x01b"}',
     "line 1 is not valid JSON (Invalid control character at column 37)"),
    ("extra-data", doc_with('"title": "a"') + b" trailing", "line 1 is not valid JSON (Extra data)"),
    ("latin-1", b'{"format": "diagrammer",\n"title": "caf\xe9"}', "line 2 is not UTF-8 text (byte 0xe9)"),
    ("utf-16", '{"format": "diagrammer"}'.encode("utf-16"), "it is UTF-16 text, but Diagrammer files are UTF-8"),
    ("utf-32", '{"format": "diagrammer"}'.encode("utf-32"), "it is UTF-32 text, but Diagrammer files are UTF-8"),
    ("binary", bytes(range(256)), "line 2 is not UTF-8 text (byte 0x80)"),
    ("top-list", b"[]", "it is not a Diagrammer file (it holds a list, not an object)"),
    ("top-null", b"null", "it is not a Diagrammer file (it holds null, not an object)"),
    ("no-format", b'{"version": 1}', 'it is not a Diagrammer file (it has no "format": "diagrammer")'),
    ("other-format", b'{"format": "drawio", "version": 1}',
     'it is not a Diagrammer file ("format" is "drawio", not "diagrammer")'),
    ("no-version", b'{"format": "diagrammer"}', 'it has no "version"; the version is a whole number'),
    ("text-version", b'{"format": "diagrammer", "version": "1"}',
     'it has "1" as its "version"; the version is a whole number'),
    ("bool-version", b'{"format": "diagrammer", "version": true}',
     'it has true as its "version"; the version is a whole number'),
    ("version-0", b'{"format": "diagrammer", "version": 0}', 'its "version" is 0, but file versions start at 1'),
    ("newer-version", b'{"format": "diagrammer", "version": 2, "nodes": 7}',
     "it was saved by a newer Diagrammer (file version 2, this program reads version 1)"),
    ("title-null", doc_with('"title": null'), 'the file has null as its "title", which must be text'),
    ("nodes-object", doc_with('"nodes": {}'), 'on line 1, "nodes" is an object, not a list'),
    ("edges-text", doc_with('\n"edges": "e1"'), 'on line 2, "edges" is a string, not a list'),
    ("node-not-object", doc_with('"nodes": [1]'), 'node number 1 in "nodes" is a number, not an object'),
    ("node-no-id", doc_with('"nodes": [{"id": "a"}, {"name": "x"}]'),
     'node number 2 in "nodes" has no "id"; an id is non-empty text'),
    ("node-empty-id", doc_with('"nodes": [{"id": ""}]'),
     'node number 1 in "nodes" has an empty or non-text "id"; an id is non-empty text'),
    ("node-number-id", doc_with('"nodes": [{"id": 3}]'),
     'node number 1 in "nodes" has an empty or non-text "id"; an id is non-empty text'),
    ("unknown-kind", doc_with('\n"nodes": [\n{"id": "a", "kinds": ["robot"]}]'),
     'node "a" (line 3) has the kind "robot"; a kind is "agent" or "optimizer"'),
    ("kinds-text", doc_with('"nodes": [{"id": "a", "kinds": "agent"}]'),
     'node "a" (line 1) has a string as its "kinds", which must be a list'),
    ("designed-text", doc_with('"nodes": [{"id": "a", "designed_by_humans": "yes"}]'),
     'node "a" (line 1) has a string as its "designed_by_humans", which must be true or false'),
    ("goal-number", doc_with('"nodes": [{"id": "a", "goal": 5}]'),
     'node "a" (line 1) has a number as its "goal", which must be text'),
    ("parent-list", doc_with('"nodes": [{"id": "a", "parent": ["b"]}]'),
     'node "a" (line 1) has a list as its "parent", which must be text'),
    ("name-null", doc_with('"nodes": [{"id": "a", "name": null}]'),
     'node "a" (line 1) has null as its "name", which must be text'),
    ("nan", doc_with('\n"nodes": [{"id": "a", "width": NaN}]'),
     "on line 2, the number NaN is not finite; a diagram needs real numbers"),
    ("infinity", doc_with('\n\n"nodes": [{"id": "a", "x": -Infinity}]'),
     "on line 3, the number -Infinity is not finite; a diagram needs real numbers"),
    ("overflowing-float", doc_with('\n"nodes": [{"id": "a", "x": 1e400}]'),
     "on line 2, the number 1e400 is not finite; a diagram needs real numbers"),
    ("nan-in-unknown-field", doc_with('"extra": [NaN]'),
     "on line 1, the number NaN is not finite; a diagram needs real numbers"),
    ("zero-width", doc_with('"nodes": [{"id": "a", "width": 0}]'),
     'node "a" (line 1) has a "width" of 0; sizes must be above 0'),
    ("negative-height", doc_with('"nodes": [{"id": "a", "height": -5}]'),
     'node "a" (line 1) has a "height" of -5; sizes must be above 0'),
    ("width-text", doc_with('"nodes": [{"id": "a", "width": "wide"}]'),
     'node "a" (line 1) has a string as its "width", which must be a finite number'),
    ("width-bool", doc_with('"nodes": [{"id": "a", "width": true}]'),
     'node "a" (line 1) has true or false as its "width", which must be a finite number'),
    ("absurd-x", doc_with('"nodes": [{"id": "a", "x": 1e8}]'),
     'node "a" (line 1) has an "x" of 100000000.0, outside the allowed -10,000,000 to 10,000,000'),
    ("absurd-width", doc_with('"nodes": [{"id": "a", "width": 1e30}]'),
     'node "a" (line 1) has a "width" of 1e+30, outside the allowed maximum 10,000,000'),
    ("huge-integer", doc_with('"nodes": [{"id": "a", "x": ' + "9" * 5000 + "}]"),
     "on line 1, a number has too many digits"),
    ("absurd-name", doc_with('"nodes": [{"id": "a", "name": "' + "x" * 1_000_001 + '"}]'),
     'node "a" (line 1) has a "name" of 1,000,001 characters, more than 1,000,000'),
    ("absurd-title", doc_with('"title": "' + "x" * 1_000_001 + '"'),
     'the file has a "title" of 1,000,001 characters, more than 1,000,000'),
    ("duplicate-node", doc_with('"nodes": [{"id": "a"}, {"id": "a"}]'),
     'two nodes have the id "a"; node ids must be unique'),
    ("duplicate-edge", doc_with('"edges": [{"id": "e"}, {"id": "e"}]'),
     'two edges have the id "e"; edge ids must be unique'),
    ("edge-id-of-node", doc_with('"nodes": [{"id": "a"}], "edges": [{"id": "a"}]'),
     'the edge "a" has the same id as a node; ids must be unique'),
    ("edge-kind", doc_with('"edges": [{"id": "e", "kind": "trains"}]'),
     'edge "e" (line 1) has the kind "trains"; an edge kind is "optimizes" or "link"'),
    ("edge-source-number", doc_with('"edges": [{"id": "e", "source": 1}]'),
     'edge "e" (line 1) has a number as its "source", which must be text'),
    ("edge-not-object", doc_with('"edges": ["e"]'), 'edge number 1 in "edges" is a string, not an object'),
    ("deep-list", b"[" * 100_000, "its values are nested more than 100 levels deep"),
    ("deep-object", b'{"a":' * 100_000, "its values are nested more than 100 levels deep"),
    ("deep-unknown-field", doc_with('"x": ' + "[" * 150 + "]" * 150),
     "its values are nested more than 100 levels deep"),
    ("deep-unknown-node-field", doc_with('"nodes": [{"id": "a", "x2": ' + "[" * 101 + "]" * 101 + "}]"),
     "its values are nested more than 100 levels deep"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_file_is_refused_with_one_sentence(tmp_path, data, reason):
    path = tmp_path / "broken.json"
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        load_document(path)
    assert str(info.value) == f'Cannot open "{path}": {reason}.'
    assert "\n" not in str(info.value)


def test_nesting_just_within_the_limit_loads():
    doc = loads_document(doc_with('"x": ' + "[" * 99 + "]" * 99))
    depth, value = 0, doc.extra["x"]
    while value:
        depth, value = depth + 1, value[0]
    assert depth == 98


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from diagrammer.io import native

    monkeypatch.setattr(native, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.json"
    path.write_bytes(doc_with('"title": "' + "x" * 1024 * 1024 + '"'))
    with pytest.raises(LoadError) as info:
        load_document(path)
    assert str(info.value) == f'Cannot open "{path}": it is larger than the 1 MB this program opens.'


def test_too_many_nodes_are_refused(monkeypatch):
    from diagrammer.io import native

    monkeypatch.setattr(native, "MAX_NODES", 2)
    with pytest.raises(LoadError) as info:
        loads_document(doc_with('"nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}]'), "x.json")
    assert str(info.value) == 'Cannot open "x.json": it has 3 nodes, more than the 2 this program opens.'


def test_a_folder_and_a_missing_file_are_named(tmp_path):
    with pytest.raises(LoadError) as info:
        load_document(tmp_path)
    assert str(info.value) == f'Cannot open "{tmp_path}": it is a folder, not a file.'
    with pytest.raises(LoadError) as info:
        load_document(tmp_path / "nope.json")
    assert str(info.value) == f'Cannot open "{tmp_path / "nope.json"}": there is no such file.'


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path):
    path = tmp_path / "two\nlines.json"
    path.write_bytes(b"[]")
    with pytest.raises(LoadError) as info:
        load_document(path)
    assert "\n" not in str(info.value) and "two lines.json" in str(info.value)


VALID = (HEAD + '"title": "T", "nodes": [{"id": "a", "kinds": ["agent"], "x": 1, "width": 2.5}, '
         '{"id": "b", "parent": "a"}], "edges": [{"id": "e", "source": "a", "target": "b"}]}').encode()  # fmt: skip

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)
field_names = st.sampled_from(["id", "name", "kinds", "designed_by_humans", "goal", "parent", "x", "y", "width",
                               "height", "notes", "source", "target", "kind", "label", "other"])  # fmt: skip


@st.composite
def mutated_files(draw):
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "flip" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=4))
        else:
            del data[position : position + draw(st.integers(1, 8))]
    return bytes(data)


@st.composite
def shaped_files(draw):
    """Right header, random items: exercises every field check with every JSON type."""
    items = st.dictionaries(field_names, json_values, max_size=6)
    body = {"format": "diagrammer", "version": 1, "nodes": draw(st.lists(items, max_size=4)),
            "edges": draw(st.lists(items, max_size=4))}  # fmt: skip
    return json.dumps(body, allow_nan=True).encode()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=64) | mutated_files() | shaped_files())
def test_fuzzed_input_raises_only_load_error(data):
    try:
        doc = loads_document(data, "fuzz.json")
    except LoadError as exc:
        assert str(exc).startswith('Cannot open "fuzz.json": ') and "\n" not in str(exc)
    else:
        assert all(isinstance(node.id, str) and node.id for node in doc.nodes.values())


def run_cli(*args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "diagrammer", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


CLI_CASES = [c for c in CASES if c[0] in ("not-json", "latin-1", "deep-list", "nan", "unknown-kind", "newer-version")]


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_cli_refuses_a_broken_file_with_exit_2_and_one_line(tmp_path, data, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    result = run_cli("classify", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f'diagrammer: Cannot open "{path}": {reason}.\n'
    assert "Traceback" not in result.stderr


# ----- export to what is not a plain file ----------------------------------------------------------


def export_source(tmp_path):
    path = tmp_path / "ev.json"
    path.write_text('{"format": "diagrammer", "version": 1, "title": "T", "nodes": [{"id": "a", "x": 0, "y": 0}]}')
    return path


@pytest.mark.parametrize("out", ["-", "/dev/stdout"])
def test_export_streams_to_the_standard_output_through_a_pipe(tmp_path, out):
    source = export_source(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "diagrammer", "export", str(source), "-o", out, "--format", "dot"],
        capture_output=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"digraph {") and result.stdout.endswith(b"}\n")
    assert result.stderr == b""


def test_export_to_a_system_file_names_the_real_cause(tmp_path):
    source = export_source(tmp_path)
    result = run_cli("export", str(source), "-o", "/proc/self/status", "--format", "json")
    assert result.returncode == 2
    assert result.stderr == 'diagrammer: Cannot save "/proc/self/status": it is a system file that cannot be written.\n'


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize(("minor", "returncode", "stderr"), [(3, 0, ""), (7, 2, "the disk is full")])
def test_export_to_a_device_node_writes_to_it_and_keeps_it_a_device(tmp_path, minor, returncode, stderr):
    import stat

    node = tmp_path / "node"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("this system does not allow making device nodes")
    link = tmp_path / "link"
    link.symlink_to(node)
    for out in (node, link):
        result = run_cli("export", str(export_source(tmp_path)), "-o", str(out), "--format", "json")
        assert result.returncode == returncode
        assert result.stderr == (f'diagrammer: Cannot save "{out}": {stderr}.\n' if stderr else "")
        assert stat.S_ISCHR(node.stat().st_mode) and link.is_symlink()
