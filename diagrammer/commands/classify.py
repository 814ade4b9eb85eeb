"""``diagrammer classify FILE [--json]``: every node's labels and every problem, as linters report.

Load, classify, print: a readable table, or format.md §3's JSON with one node or problem per line.
Exit status: 0 when the diagram has no problems, 1 when it has some, 2 when the file cannot be read
or the output cannot be written (then one line on stderr; see :mod:`diagrammer.commands.contract`).
Nothing here imports Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from diagrammer.commands.contract import EXIT_CLEAN, EXIT_PROBLEMS, command, visible, write_stdout
from diagrammer.model import Document
from diagrammer.rules import Classification

# Widest name and id columns of the table; longer ones are cut with an ellipsis.
NAME_WIDTH = 32
ID_WIDTH = 24


@command("classify")
def run_classify(path: str | Path, as_json: bool = False) -> int:
    """Classify the diagram at ``path``, print the result and return the exit status.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "d.json"
    >>> _ = path.write_text('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a", "name": "A"}]}')
    >>> run_classify(path, as_json=True)
    {
      "nodes": {
        "a": {"name": "A", "labels": [], "explanations": {}}
      },
      "problems": []
    }
    0
    """
    from diagrammer import rules
    from diagrammer.io import load_path

    doc = load_path(path)
    result = rules.classify(doc)
    if as_json:
        lines = json_lines(doc, result)
        while chunk := "".join(islice(lines, 1000)):  # about a megabyte at a time, not the whole text
            write_stdout(chunk)
    else:
        write_stdout(table_text(doc, result))
    return EXIT_PROBLEMS if result.problems else EXIT_CLEAN


def json_text(doc: Document, result: Classification) -> str:
    """format.md §3's JSON: ``result.to_json_dict(doc)`` with one node or problem per line, each
    written by ``json.dumps`` (``", "`` and ``": "`` separators, non-ASCII kept).

    Examples
    --------
    >>> from diagrammer.model import Node
    >>> from diagrammer.rules import classify
    >>> doc = Document.from_parts("", [Node("a", "Ä", ["agent"])], [])
    >>> print(json_text(doc, classify(doc)), end="")
    {
      "nodes": {
        "a": {"name": "Ä", "labels": [], "explanations": {}}
      },
      "problems": []
    }
    """
    return "".join(json_lines(doc, result))


def json_lines(doc: Document, result: Classification) -> Iterator[str]:
    """:func:`json_text` in pieces of about one line each, made as they are asked for."""
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode  # a result holds no cycles
    nodes = (f"{encode(node_id)}: {encode(entry)}" for node_id, entry in result.json_nodes(doc))
    problems = (encode(problem.to_json_dict()) for problem in result.problems)
    yield "{\n"
    yield from _block('"nodes"', "{}", nodes, ",")
    yield from _block('"problems"', "[]", problems, "")
    yield "}\n"


def _block(key: str, brackets: str, members: Iterator[str], after: str) -> Iterator[str]:
    """``"key": `` and the members between ``brackets``, each on a line of its own (the brackets
    alone when there is none), then ``after`` and a newline."""
    opening, closing = brackets
    first = next(members, None)
    if first is None:
        yield f"  {key}: {brackets}{after}\n"
        return
    yield f"  {key}: {opening}\n    {first}"
    for member in members:
        yield f",\n    {member}"
    yield f"\n  {closing}{after}\n"


def table_text(doc: Document, result: Classification) -> str:
    """The readable report: one row per node in drawing order, the problems, a summary line.

    Names are shown as a terminal can show them safely (see :func:`~diagrammer.commands.contract.visible`).
    """
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
    """One table cell, safe for a terminal and cut to ``width`` characters."""
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
