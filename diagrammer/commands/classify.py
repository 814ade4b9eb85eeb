"""``diagrammer classify FILE [--json]``: every node's labels and every problem, as linters report.

Exit status: 0 when the diagram has no problems, 1 when it has some, 2 when the file cannot be
read (then exactly one line on stderr names the file and the reason; never a traceback). Output
cut short by the reader (``| head``) ends quietly. Nothing here imports Qt.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator
from itertools import chain, compress
from operator import is_
from typing import TYPE_CHECKING, NoReturn, TypeVar

from diagrammer.commands import forked
from diagrammer.commands.output import CONTROL, EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE
from diagrammer.commands.output import end_process as _end_process
from diagrammer.commands.output import fail as _fail
from diagrammer.commands.output import write as _write

if TYPE_CHECKING:
    from diagrammer.model import Table
    from diagrammer.model.document import Document
    from diagrammer.rules import Classification, Problem
    from diagrammer.rules.classifier import Analysis

# Widest name and id columns of the table; longer ones are cut with an ellipsis.
NAME_WIDTH = 32
ID_WIDTH = 24

_SURROGATE = re.compile("[\ud800-\udfff]")

# The ensure_ascii=False string encoder that json.dumps uses (the C one where available).
_encode_string = json.encoder.encode_basestring
T = TypeVar("T")

# From this many nodes on, the command shares its work with forked copies of itself where it can
# (see _write_json_in_parts): below, forking costs more than it saves.
PARALLEL_NODES = 20_000
# The percentage of the nodes (in output order) whose lines the first process words and writes;
# the copy that words the rest starts later, once the labels are decided.
_FIRST_SHARE = 50

# Lines of output encoded to UTF-8 at a time: large enough to make few pieces, small enough that
# each piece (a few hundred kilobytes) stays in the processor's caches and reuses freed memory.
_LINES_PER_CHUNK = 256


def run_classify(path: str, as_json: bool = False, *, end_process: bool = False) -> int:
    """Classify the diagram at ``path`` and print the result; return the exit status.

    Parameters
    ----------
    path
        A native ``.json`` file, or a ``.dot``/``.gv`` file.
    as_json
        Print format.md §3's JSON instead of a table.
    end_process
        Once the output is written and flushed, end the process with the exit status instead of
        returning it. Only for the command itself (``diagrammer classify``), never in-process: the
        interpreter would otherwise free the document and the result object by object on the way
        out, which on 100,000 nodes takes longer than writing the output.

    Returns
    -------
    int
        0 no problems, 1 problems, 2 unreadable input.
    """
    # Loading, classifying and printing allocate millions of objects that form no reference
    # cycles and all live until the end; meanwhile Python's cyclic collector would walk the
    # growing heap again and again (on 100,000 nodes, about a fifth of the whole run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_classify(path, as_json, end_process)
    finally:
        if collecting:
            gc.enable()


def _run_classify(path: str, as_json: bool, end_process: bool) -> int:
    try:
        from diagrammer.io import LoadError, load_path
        from diagrammer.io.files import DOT_EXTENSIONS
        from diagrammer.io.native import read_parsed
        from diagrammer.model import Table

        in_parts = as_json and end_process and forked.possible()
        try:
            if in_parts and not path.lower().endswith(DOT_EXTENSIONS):
                parsed = read_parsed(path)
                table = parsed.table() if parsed.node_count >= PARALLEL_NODES else None
                if table is not None:
                    _write_json_in_parts(path, table, parsed.document)  # ends the process
                doc = parsed.document()
            else:
                doc = load_path(path)
        except LoadError as exc:
            return _fail(str(exc))
        if in_parts and len(doc.nodes) >= PARALLEL_NODES:
            _write_json_in_parts(path, Table.of(doc), None)  # ends the process
        # Imported after loading, so that an unreadable file is reported without waiting.
        from diagrammer.rules.classifier import analyse, classify

        if as_json:
            analysis = analyse(doc)
            problems = analysis.problems()
            # The JSON is written piece by piece as it is formatted: for 100,000 nodes it is
            # tens of megabytes, and holding it all before writing cost as much memory.
            _write(json_chunks(doc, analysis, problems))
            status = EXIT_PROBLEMS if problems else EXIT_CLEAN
        else:
            result = classify(doc)
            _write([_table_bytes(table_text(doc, result))])
            status = EXIT_PROBLEMS if result.problems else EXIT_CLEAN
    except Exception as exc:  # noqa: BLE001 - the contract is one line on stderr, never a traceback
        return _fail(_unexpected(path, exc))
    if end_process:
        # Here, while the document and the result are still referenced: returning would free them.
        _end_process(status)
    return status


def _unexpected(path: str, exc: BaseException) -> str:
    return f'Cannot classify "{path}": {type(exc).__name__}: {exc}'


def _write_json_in_parts(path: str, table: Table, check: Callable[[], object] | None) -> NoReturn:
    """Classify a large diagram and write its JSON with up to three forked copies of this process
    (:mod:`diagrammer.commands.forked`), then end the process with the exit status (returning
    would free the whole analysis first).

    Building the document checks every node and edge; classifying reads only a few of their
    fields (``table``, read straight from the parsed JSON), which the rules read alike whether or
    not the rest is valid. So, unless the document is built already (``check`` None), a copy runs
    ``check`` (which builds the document, or raises the loader's LoadError) while this process
    classifies; nothing is written until the file has passed, and a file that fails gets the
    loader's sentence, as always. Once the diagram is validated, wording its problems and wording
    its labels are independent, and each node's line too: so a second copy words every problem
    while this process decides the labels, and a third then words the last half of the nodes
    while this one words and writes the first half.

    The writing copies keep their part until this process has written its own, then, in output
    order, each is told to write it (or not: the reader went away, or an earlier part failed),
    writes it to the same standard output and ends with its status: the problems' copy alone
    knows whether there are any (0 or 1); 2 after its own one-line message. As in one process,
    an internal failure while the output is being written (a bug, or memory running out) leaves
    what was written, then one line on stderr and status 2. Only for the command itself (a copy
    ends with ``os._exit``), where the system forks and two processors may run it, and for large
    diagrams, where it pays; any part whose copy cannot be forked is done here in its turn.
    """
    from diagrammer.io import LoadError
    from diagrammer.rules.classifier import decide_labels, sorted_problems, validate

    def refusal() -> str | None:
        try:
            check()
        except LoadError as exc:
            return str(exc)
        return None

    def describe(exc: BaseException) -> str:
        return _unexpected(path, exc)

    forked.prepare()
    pipes: list[int] = []  # this process's ends of every pipe, which each later copy closes
    checking = forked.Check(refusal, pipes) if check is not None else None
    parts: list[forked.Part | None] = []  # in output order, after this process's own part
    try:
        try:
            s, production = validate(table)
            parts.append(forked.Part(lambda: _problems_part(sorted_problems(s, production)), describe, pipes))
            analysis = decide_labels(s, production)
            escape = _escape_for(analysis)
            split = len(s.by_id) * _FIRST_SHARE // 100
            mine, rest = s.by_id[:split], s.by_id[split:]
            parts.insert(0, forked.Part(lambda: _nodes_part(analysis, rest, escape), describe, pipes))
        except Exception:
            # Unchecked data may break the classifier: then the check says why, if it can.
            _raise_if_refused(checking)
            raise
        _raise_if_refused(checking)
        written = _write(chain([_JSON_HEAD], _node_chunks(analysis, mine, escape, first=True)))
        status = EXIT_CLEAN
        for index, part in enumerate(parts):
            word = forked.STOP if status == EXIT_UNREADABLE else forked.GO if written else forked.READER_GONE
            code = part.finish(word)
            parts[index] = None  # finished: nothing left to cancel
            if code in (EXIT_CLEAN, EXIT_PROBLEMS):
                status = max(status, code)
            elif code == EXIT_UNREADABLE:
                status = code  # the part has said why
            else:
                reason = f"signal {-code}" if code < 0 else f"status {code}"
                status = _fail(f'Cannot classify "{path}": the process writing part of the output stopped ({reason})')
    except BaseException as exc:
        for part in parts:
            if part is not None:
                part.cancel()
        if checking is not None:
            checking.cancel()
        if isinstance(exc, _Refused):
            _end_process(_fail(str(exc)))
        raise
    _end_process(status)


class _Refused(Exception):
    """The file failed the loader's check: the message is the loader's sentence."""


def _raise_if_refused(checking: forked.Check | None) -> None:
    """Wait for the file's check, if there is one, and raise :class:`_Refused` if it failed."""
    refused = checking.refusal() if checking is not None else None
    if refused is not None:
        raise _Refused(refused) from None


def _nodes_part(analysis: Analysis, numbers: list[int], escape: Callable[[str], str]) -> tuple[list[bytes], int]:
    """The lines of the nodes ``numbers``, after others, and the exit status they make (0)."""
    return list(_node_chunks(analysis, numbers, escape, first=False)), EXIT_CLEAN


def _problems_part(problems: list[Problem]) -> tuple[list[bytes], int]:
    """The problems' lines and the end of the JSON, and the exit status they make."""
    return list(_problem_chunks(problems, after_nodes=True)), EXIT_PROBLEMS if problems else EXIT_CLEAN


def json_chunks(
    doc: Document, analysis: Analysis | None = None, problems: list[Problem] | None = None
) -> Iterator[bytes]:
    """format.md §3's JSON for ``doc``, as UTF-8 pieces to write one after the other.

    One node or problem per line, each written as ``json.dumps`` writes it (``", "`` and ``": "``
    separators, non-ASCII kept), nodes in sorted id order: the same text as
    ``classify(doc).to_json_dict(doc)`` laid out that way. It is built straight from the analysis
    (given, or made here; ``problems`` likewise) and encoded to UTF-8 a few hundred lines at a
    time, each piece when it is asked for, so that a writer holds one at a time: for 100,000
    nodes the text is tens of megabytes, and every whole copy of it costs.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("a", "Ä", ["agent"])], [])
    >>> print(b"".join(json_chunks(doc)).decode(), end="")
    {
      "nodes": {
        "a": {"name": "Ä", "labels": [], "explanations": {}}
      },
      "problems": []
    }
    """
    if analysis is None:
        from diagrammer.rules.classifier import analyse

        analysis = analyse(doc)
    order = analysis.s.by_id
    yield _JSON_HEAD
    yield from _node_chunks(analysis, order, _escape_for(analysis), first=True)
    yield from _problem_chunks(analysis.problems() if problems is None else problems, after_nodes=bool(order))


_JSON_HEAD = b'{\n  "nodes": {'


def _node_chunks(
    analysis: Analysis, numbers: list[int], escape: Callable[[str], str], *, first: bool
) -> Iterator[bytes]:
    """The lines of the nodes ``numbers`` (structure numbers, in output order), their texts
    worded here, as UTF-8 pieces of a few hundred lines; ``first`` when no node line comes before
    them.

    Each piece's texts are worded just before it is formatted, and dropped after: the next piece
    reuses their memory, still in the processor's caches.
    """
    lines = _NodeLines(analysis, escape)
    for index, (run, found) in enumerate(analysis.explanations_in_runs(numbers, _LINES_PER_CHUNK)):
        out = ["," if index or not first else ""]
        lines(run, found, out)
        yield _json_bytes("".join(out))


def _problem_chunks(problems: list[Problem], *, after_nodes: bool) -> Iterator[bytes]:
    """The end of the nodes object, the problems' lines and the end of the JSON."""
    yield b'\n  },\n  "problems": [' if after_nodes else b'},\n  "problems": ['
    yield from _chunked(problems, _problem_lines)
    yield b"\n  ]\n}\n" if problems else b"]\n}\n"


def _chunked(items: list[T], lines: Callable[[list[T], list[str]], None]) -> Iterator[bytes]:
    """The lines of ``items``, separated by commas, as UTF-8 pieces of a few hundred lines.

    Each piece is one join of the strings ``lines`` appends, then one encoding: the explanations
    are copied twice in all, and nothing is copied per line or per string. Pieces this small are
    still in the processor's caches when they are encoded, and their memory is reused by the next.
    """
    for start in range(0, len(items), _LINES_PER_CHUNK):
        out = ["," if start else ""]
        lines(items[start : start + _LINES_PER_CHUNK], out)
        yield _json_bytes("".join(out))


class _NodeLines:
    """Appends the JSON lines of nodes: ``"<id>": {"name": ..., "labels": [...], "explanations": {...}}``."""

    def __init__(self, analysis: Analysis, escape: Callable[[str], str]) -> None:
        self.ids, self.names = analysis.s.ids, analysis.s.given_names
        self.escape = escape
        self.listed: dict[tuple[str, ...], str] = {}  # the labels list of each set of labels
        self.keys: dict[str, tuple[str, str]] = {}  # what precedes the text of each label, first or not

    def __call__(self, numbers: list[int], found: list[dict[str, str]], out: list[str]) -> None:
        """Append the lines of ``numbers``, whose explanations ``found`` holds by number."""
        ids, names, escape = self.ids, self.names, self.escape
        listed, keys = self.listed, self.keys
        add = out.append
        separator = ""
        for number in numbers:
            node_id = ids[number]
            explanations = found[number]
            labels = tuple(explanations)
            labels_json = listed.get(labels)
            if labels_json is None:
                labels_json = self.list_json(labels)
            head = (
                f'{separator}\n    "{escape(node_id)}": {{"name": "{escape(names[number])}", '
                f'"labels": [{labels_json}], "explanations": {{'
            )
            separator = ","
            if not explanations:
                add(head + "}}")
                continue
            add(head)
            after = 0  # the first text follows its key alone, the others a comma too
            for label, text in explanations.items():
                add((keys.get(label) or self.key_json(label))[after])
                add(escape(text))
                after = 1
            add('"}}')

    def list_json(self, labels: tuple[str, ...]) -> str:
        text = self.listed[labels] = ", ".join([f'"{_escaped(label)}"' for label in labels])
        return text

    def key_json(self, label: str) -> tuple[str, str]:
        key = _escaped(label)
        pair = self.keys[label] = (f'"{key}": "', f'", "{key}": "')
        return pair


def _problem_lines(problems: list[Problem], out: list[str]) -> None:
    """Appends the JSON lines of problems: ``{"id": ..., "code": ..., "subject": ..., "message": ...}``.

    Always escaped by json's encoder: subjects name missing ids too, which no check has seen.
    Codes, and most messages, repeat, so each is escaped once.
    """
    escaped: dict[str, str] = {}
    add = out.append
    separator = ""
    for problem in problems:
        code, message = problem.code, problem.message
        code_json = escaped.get(code)
        if code_json is None:
            code_json = escaped[code] = _escaped(code)
        message_json = escaped.get(message)
        if message_json is None:
            message_json = escaped[message] = _escaped(message)
        add(
            f'{separator}\n    {{"id": "{_escaped(problem.id)}", "code": "{code_json}", '
            f'"subject": "{_escaped(problem.subject)}", "message": "{message_json}"}}'
        )
        separator = ","


def _escape_for(analysis: Analysis) -> Callable[[str], str]:
    """How to escape the texts of the analysed diagram's node lines: see :func:`_plain_texts`."""
    return _escape_quotes if _plain_texts(analysis) else _escaped


def _plain_texts(analysis: Analysis) -> bool:
    """True when no id, name or goal of the analysed diagram holds a backslash or a control
    character.

    The nodes' lines print only those texts and fixed words (which have neither): explanations
    are made of names, ids and goals. Then escaping a string for JSON only means putting a
    backslash before each quote, which ``str.replace`` does many times faster than json's encoder.
    ``isprintable()`` is a cheap and strict test: whatever it doubts (say, a no-break space) takes
    json's own encoder instead.
    The texts are read from the analysis's lists: a blank name is shown as the node's id (the
    very same string), so only those names are read as given too.
    """
    s = analysis.s
    blank = compress(s.given_names, map(is_, s.names, s.ids))
    joined = "".join(chain(s.ids, s.names, filter(None, s.goals), blank))
    return "\\" not in joined and joined.isprintable()


def _escape_quotes(text: str) -> str:
    """``text`` escaped for a JSON string, when it holds no backslash and no control character.

    The ``in`` test first, because it scans much faster than ``replace`` counts.
    """
    return text.replace('"', '\\"') if '"' in text else text


def _escaped(text: str) -> str:
    """``text`` escaped for a JSON string by json's own encoder, without the quotes."""
    return _encode_string(text)[1:-1]


def table_text(doc: Document, result: Classification) -> str:
    """The readable report: one row per node in drawing order, the problems, a summary line."""
    from diagrammer.rules import display_name

    rows = []
    labelled = 0
    for node_id, node in doc.nodes.items():
        labels = result.labels.get(node_id, [])
        labelled += bool(labels)
        shown = ", ".join(display_name(label) for label in labels) or "-"
        rows.append((_cell(node.name or "(unnamed)", NAME_WIDTH), _cell(node_id, ID_WIDTH), shown))
    name_width = max([len("Node"), *(len(row[0]) for row in rows)])
    id_width = max([len("Id"), *(len(row[1]) for row in rows)])
    lines = [f"{'Node':<{name_width}}  {'Id':<{id_width}}  Labels"]
    lines += [f"{name:<{name_width}}  {node_id:<{id_width}}  {shown}" for name, node_id, shown in rows]
    if result.problems:
        lines += ["", "Problems:"]
        lines += [f"  {_cell(p.id, 200)}: {_cell(p.message, 400)}" for p in result.problems]
    count = len(result.problems)
    lines += ["", f"{_plural(len(rows), 'node')}, {labelled:,} with labels, {_plural(count, 'problem')}."]
    return "\n".join(lines) + "\n"


def _cell(text: str, width: int) -> str:
    """One table cell: control characters shown as spaces (a name may hold line breaks), cut to width."""
    text = CONTROL.sub(" ", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _json_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from "\\ud800" escapes in the file) cannot be UTF-8; JSON can escape them.
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def _table_bytes(text: str) -> bytes:
    return text.encode("utf-8", "replace")
