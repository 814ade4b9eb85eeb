"""``diagrammer classify --json`` on a large diagram: forked copies check, word and write parts.

One copy checks the file (builds the document) while the program classifies the parsed JSON;
one words the problems while the program decides the labels; one then words the last half of the
nodes. Every test runs the real program in a subprocess (a copy ends with ``os._exit``, never a
thing to do inside pytest) and compares with the output made in-process.
"""

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from diagrammer.commands import classify as command
from diagrammer.commands import forked
from diagrammer.io import LoadError, load_path
from diagrammer.model import Document, Node
from tests.cli.test_classify_json import ODD, odd_document

ROOT = Path(__file__).resolve().parents[2]
TWO_PROCESSORS = forked.processors() >= 2
two_processors = pytest.mark.skipif(not TWO_PROCESSORS, reason="this machine gives the command one processor")
LARGE = command.PARALLEL_NODES + 101


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> tuple[Path, bytes]:
    """A diagram just above the size that takes several processes, every node and edge with all
    the fields (as the editor saves them), and its output made in-process."""
    doc = odd_document(ODD, LARGE)
    path = tmp_path_factory.mktemp("large") / "large.json"
    path.write_text(json.dumps(native(doc)), encoding="utf-8")
    return path, b"".join(command.json_chunks(doc))


def native(doc: Document, *, every_field: bool = True) -> dict:
    """The file of ``doc``: with every known field, or only those the rules read."""
    nodes = [{"id": n.id, "name": n.name, "kinds": n.kinds, "designed_by_humans": n.designed_by_humans,
              "goal": n.goal, "parent": n.parent} for n in doc.nodes.values()]  # fmt: skip
    edges = [{"id": e.id, "source": e.source, "target": e.target} for e in doc.edges.values()]
    if every_field:
        for number, node in enumerate(nodes):
            node.update(x=number % 100 * 200, y=number // 100 * 100, width=180, height=84, notes="")
        for edge in edges:
            edge.update(kind="optimizes", label="")
    return {"format": "diagrammer", "version": 1, "nodes": nodes, "edges": edges}


def run_program(path: Path, prelude: str = "", **kwargs) -> subprocess.CompletedProcess:
    """``diagrammer classify PATH --json`` as the program, after ``prelude`` (Python statements
    run first, e.g. to break something on purpose); every ``fork`` is announced on stderr."""
    return subprocess.run(program(path, prelude), capture_output=True, cwd=ROOT, env=ENV, timeout=300, **kwargs)


def start_program(path: Path, prelude: str = "") -> subprocess.Popen:
    """:func:`run_program`, started with pipes to read from."""
    return subprocess.Popen(program(path, prelude), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=ENV)


ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def program(path: Path, prelude: str) -> list[str]:
    code = "\n".join([
        "import os, sys",
        "import diagrammer.commands.classify as command",
        "import diagrammer.commands.forked as forked",
        "real_fork = os.fork",
        "def counted_fork():",
        "    sys.stderr.write('fork\\n'); sys.stderr.flush()",
        "    return real_fork()",
        "os.fork = counted_fork",
        prelude,
        f"sys.argv = ['diagrammer', 'classify', {str(path)!r}, '--json']",
        "from diagrammer.cli import main",
        "sys.exit(main())",
    ])  # fmt: skip
    return [sys.executable, "-c", code]


@two_processors
def test_four_processes_write_the_same_bytes_as_one(large):
    path, expected = large
    result = run_program(path)
    assert result.stderr == b"fork\n" * 3
    assert result.returncode == 1
    assert result.stdout == expected


@pytest.mark.parametrize("prelude", ["forked.processors = lambda: 1", "forked.can_fork = lambda: False"],
                         ids=["one-processor", "no-fork"])  # fmt: skip
def test_without_a_second_processor_or_fork_the_program_writes_alone(large, prelude):
    path, expected = large
    result = run_program(path, prelude)
    assert (result.stderr, result.returncode) == (b"", 1)
    assert result.stdout == expected


@two_processors
def test_when_forking_fails_the_program_does_every_part_itself(large):
    path, expected = large
    result = run_program(path, "def real_fork():\n    raise OSError(11, 'Resource temporarily unavailable')")
    assert (result.stderr, result.returncode) == (b"fork\n" * 3, 1)
    assert result.stdout == expected


def test_a_diagram_below_the_size_is_written_by_one_process(tmp_path):
    doc = odd_document(ODD, 500)
    path = tmp_path / "small.json"
    path.write_text(json.dumps(native(doc)), encoding="utf-8")
    result = run_program(path)
    assert (result.stderr, result.returncode) == (b"", 1)
    assert result.stdout == b"".join(command.json_chunks(doc))


@two_processors
def test_a_large_diagram_whose_items_lack_fields_is_loaded_then_written_in_parts(tmp_path, large):
    # The classifier's columns come straight from the JSON only when every item gives every
    # field the rules read (here the edges have no "kind"); otherwise the document is built
    # first (defaults filled in), and the copies still word and write.
    _, expected = large
    path = tmp_path / "short.json"
    path.write_text(json.dumps(native(odd_document(ODD, LARGE), every_field=False)), encoding="utf-8")
    result = run_program(path)
    assert (result.stderr, result.returncode) == (b"fork\n" * 2, 1)
    assert result.stdout == expected


@two_processors
@pytest.mark.parametrize(("field", "value"), [("designed_by_humans", "yes"), ("name", 5), ("kinds", "agent")])
def test_a_large_file_that_fails_the_check_gets_the_loaders_sentence(tmp_path, field, value):
    data = native(odd_document(ODD, LARGE))
    data["nodes"][LARGE // 2][field] = value
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        load_path(path)
    result = run_program(path)
    assert result.returncode == 2
    assert result.stdout == b""
    # The copies were forked before the check's answer came, and said nothing.
    assert result.stderr.replace(b"fork\n", b"") == f"{refused.value}\n".encode()


@two_processors
def test_a_check_that_dies_is_made_again_by_the_program(large):
    path, expected = large
    prelude = "\n".join([
        "program, start = os.getpid(), forked.Check.__init__",
        "def dying(self, check, pipes):",
        "    def run():",
        "        if os.getpid() != program:",
        "            os.kill(os.getpid(), 9)",
        "        return check()",
        "    start(self, run, pipes)",
        "forked.Check.__init__ = dying",
    ])  # fmt: skip
    result = run_program(path, prelude)
    assert (result.stderr, result.returncode) == (b"fork\n" * 3, 1)
    assert result.stdout == expected


@two_processors
def test_a_failure_wording_the_problems_is_one_line_and_exit_2(large):
    path, expected = large
    prelude = "def broken(*args, **kwargs):\n    raise RuntimeError('boom')\ncommand._problem_chunks = broken"
    result = run_program(path, prelude)
    assert result.returncode == 2
    assert result.stderr == b"fork\n" * 3 + f'Cannot classify "{path}": RuntimeError: boom\n'.encode()
    # Every node was written, and no problem.
    assert expected.startswith(result.stdout)
    assert result.stdout.endswith(b"}}") and b'"problems"' not in result.stdout


@two_processors
def test_a_failure_wording_the_last_nodes_is_one_line_and_exit_2(large):
    path, expected = large
    prelude = "\n".join([
        "make = command._node_chunks",
        "def broken(*args, first, **kwargs):",
        "    if not first:",
        "        raise RuntimeError('boom')",
        "    return make(*args, first=first, **kwargs)",
        "command._node_chunks = broken",
    ])  # fmt: skip
    result = run_program(path, prelude)
    assert result.returncode == 2
    assert result.stderr == b"fork\n" * 3 + f'Cannot classify "{path}": RuntimeError: boom\n'.encode()
    # Only the program's share of the nodes was written: the problems' copy was told to stop.
    assert expected.startswith(result.stdout) and result.stdout.endswith(b"}}")
    assert result.stdout.count(b'\n    "') == LARGE * command._FIRST_SHARE // 100


@two_processors
def test_a_copy_killed_is_one_line_and_exit_2(large):
    path, _ = large
    prelude = "import signal\ncommand._problem_chunks = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)"
    result = run_program(path, prelude)
    assert result.returncode == 2
    assert result.stderr == b"fork\n" * 3 + (
        f'Cannot classify "{path}": the process writing part of the output stopped (signal 9)\n'
    ).encode()


@two_processors
def test_a_program_started_with_child_signals_ignored_still_learns_the_copies_statuses(large):
    # Some supervisors start programs with SIGCHLD ignored: the system would reap the copies.
    path, expected = large
    result = run_program(path, "import signal\nsignal.signal(signal.SIGCHLD, signal.SIG_IGN)")
    assert (result.stderr, result.returncode) == (b"fork\n" * 3, 1)
    assert result.stdout == expected


@two_processors
def test_when_only_the_first_fork_works_the_program_does_the_other_parts(large):
    path, expected = large
    prelude = "\n".join([
        "forks = [real_fork]",
        "def real_fork():",
        "    if forks:",
        "        return forks.pop()()",
        "    raise OSError(11, 'Resource temporarily unavailable')",
    ])  # fmt: skip
    result = run_program(path, prelude)
    assert (result.stderr, result.returncode) == (b"fork\n" * 3, 1)
    assert result.stdout == expected


@two_processors
def test_a_large_diagram_without_problems_exits_0(tmp_path):
    # Agents, every other one inside the one before: subagents and composite agents, no problem.
    doc = Document.from_parts("calm", [
        Node(f"a{i}", f"Agent {i}", ["agent"], parent=f"a{i - 1}" if i % 2 else None) for i in range(LARGE)
    ], [])  # fmt: skip
    path = tmp_path / "calm.json"
    path.write_text(json.dumps(native(doc)), encoding="utf-8")
    result = run_program(path)
    assert (result.stderr, result.returncode) == (b"fork\n" * 3, 0)
    assert result.stdout == b"".join(command.json_chunks(doc))


@two_processors
def test_a_refusal_keeps_a_lone_surrogate_as_the_loader_says_it(tmp_path):
    data = native(odd_document(ODD, LARGE))
    data["nodes"][1]["id"] = data["nodes"][2]["id"] = "bad \ud800 id"
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    alone = run_program(path, "forked.processors = lambda: 1")
    result = run_program(path)
    assert (alone.returncode, result.returncode, result.stdout) == (2, 2, b"")
    assert b"ud800" in alone.stderr
    assert result.stderr.replace(b"fork\n", b"") == alone.stderr


@two_processors
def test_a_copy_that_fails_after_the_reader_went_away_still_says_why(large):
    path, _ = large
    prelude = "def broken(*args, **kwargs):\n    raise RuntimeError('boom')\ncommand._problem_chunks = broken"
    process = start_program(path, prelude)
    assert process.stdout.read(100).startswith(b'{\n  "nodes": {')
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 2
    assert stderr == b"fork\n" * 3 + f'Cannot classify "{path}": RuntimeError: boom\n'.encode()


@two_processors
def test_a_reader_that_goes_away_ends_both_processes_quietly(large):
    path, _ = large
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-m", "diagrammer", "classify", str(path), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)  # fmt: skip
    assert process.stdout.read(100).startswith(b'{\n  "nodes": {')
    process.stdout.close()
    stderr = process.stderr.read()  # returns when every writer of stderr, both processes, has ended
    assert process.wait(timeout=300) == 1
    assert stderr == b""


def test_the_command_module_examples():
    failures, tried = doctest.testmod(command, optionflags=doctest.ELLIPSIS)
    assert (failures, tried > 0) == (0, True)
