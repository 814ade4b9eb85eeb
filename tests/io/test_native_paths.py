"""``load_path``: the reader follows the extension, and unreadable paths get one sentence."""

import os
import sys
import types

import pytest

from diagrammer.io import LoadError, load_path
from diagrammer.model.document import Document, Node

NATIVE = '{"format": "diagrammer", "version": 1, "nodes": [{"id": "a"}]}'


@pytest.fixture
def fake_dot(monkeypatch):
    """Stand in for the DOT reader, so that dispatch is tested apart from DOT parsing."""
    calls = []

    def read_dot_with_notices(path):
        calls.append(path)
        return Document.from_parts("from dot", [Node("d")], []), []

    monkeypatch.setitem(sys.modules, "diagrammer.io.dot",
                        types.SimpleNamespace(read_dot_with_notices=read_dot_with_notices))
    return calls


@pytest.mark.parametrize("name", ["g.dot", "g.gv", "G.DOT"])
def test_dot_extensions_go_to_the_dot_reader(tmp_path, fake_dot, name):
    path = tmp_path / name
    path.write_text("digraph { d }")
    assert load_path(path).title == "from dot"
    assert fake_dot == [str(path)]


@pytest.mark.parametrize("name", ["d.diagram.json", "d.json", "d.txt", "no-extension"])
def test_other_extensions_are_read_as_native(tmp_path, fake_dot, name):
    path = tmp_path / name
    path.write_text(NATIVE)
    assert list(load_path(path).nodes) == ["a"]
    assert fake_dot == []


def test_a_dot_reader_failure_becomes_a_load_error(tmp_path, monkeypatch):
    def read_dot_with_notices(_path):
        raise ValueError("unexpected token")

    monkeypatch.setitem(sys.modules, "diagrammer.io.dot",
                        types.SimpleNamespace(read_dot_with_notices=read_dot_with_notices))
    path = tmp_path / "g.dot"
    path.write_text("digraph {")
    with pytest.raises(LoadError) as info:
        load_path(path)
    assert str(info.value) == f'Cannot open "{path}": it could not be read as DOT (ValueError: unexpected token).'


@pytest.mark.parametrize("name", ["missing.dot", "missing.json"])
def test_missing_files_are_named(tmp_path, name):
    with pytest.raises(LoadError) as info:
        load_path(tmp_path / name)
    assert str(info.value) == f'Cannot open "{tmp_path / name}": there is no such file.'


@pytest.mark.parametrize("name", ["folder.dot", "folder.json"])
def test_folders_are_named(tmp_path, name):
    (tmp_path / name).mkdir()
    with pytest.raises(LoadError) as info:
        load_path(tmp_path / name)
    assert str(info.value) == f'Cannot open "{tmp_path / name}": it is a folder, not a file.'


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
@pytest.mark.parametrize("name", ["locked.dot", "locked.json"])
def test_unreadable_files_are_named(tmp_path, name):
    path = tmp_path / name
    path.write_text(NATIVE)
    path.chmod(0)
    with pytest.raises(LoadError) as info:
        load_path(path)
    assert str(info.value) == f'Cannot open "{path}": permission was denied.'


def test_permission_errors_are_put_into_words(tmp_path, monkeypatch):
    path = tmp_path / "x.json"
    path.write_text(NATIVE)

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(LoadError) as info:
        load_path(path)
    assert str(info.value) == f'Cannot open "{path}": permission was denied.'


def test_an_unreadable_dot_file_is_named(tmp_path, monkeypatch, fake_dot):
    path = tmp_path / "locked.dot"
    path.write_text("digraph { a }")
    monkeypatch.setattr(os, "access", lambda *_args, **_kwargs: False)
    with pytest.raises(LoadError) as info:
        load_path(path)
    assert str(info.value) == f'Cannot open "{path}": permission was denied.'
    assert fake_dot == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize("suffix", [".diagram.json", ".gv"])
def test_a_named_pipe_nobody_writes_to_is_refused_at_once_not_waited_on(tmp_path, suffix):
    import subprocess
    import sys

    pipe = tmp_path / f"pipe{suffix}"
    os.mkfifo(pipe)
    result = subprocess.run([sys.executable, "-m", "diagrammer", "classify", str(pipe)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f'diagrammer: Cannot open "{pipe}"'), result.stderr


def test_a_diagram_piped_in_through_dev_stdin_is_read(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    if not Path("/dev/stdin").exists():
        pytest.skip("no /dev/stdin here")
    example = Path(__file__).resolve().parents[2] / "resources" / "examples" / "drawing-mistakes.diagram.json"
    result = subprocess.run([sys.executable, "-m", "diagrammer", "classify", "/dev/stdin", "--json"],
                            input=example.read_bytes(), capture_output=True, timeout=60)
    assert result.returncode == 1, result.stderr  # the example's drawing mistakes are problems
    assert json.loads(result.stdout)["problems"]


def test_the_bounded_reader_s_examples():
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module("diagrammer.io.reading"), optionflags=doctest.ELLIPSIS)
    assert (failures, tried) == (0, 5)
