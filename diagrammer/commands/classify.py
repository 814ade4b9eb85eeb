"""``diagrammer classify FILE [--json]``: every node's labels and every problem, as linters report.

Exit status: 0 when the diagram has no problems, 1 when it has some, 2 when the file cannot be
read (then exactly one line on stderr names the file and the reason; never a traceback). Output
cut short by the reader (``| head``) ends quietly. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagrammer.model.document import Document
    from diagrammer.rules import Classification

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

# Widest name and id columns of the table; longer ones are cut with an ellipsis.
NAME_WIDTH = 32
ID_WIDTH = 24

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def run_classify(path: str, as_json: bool = False) -> int:
    """Classify the diagram at ``path`` and print the result; return the exit status.

    Parameters
    ----------
    path
        A native ``.json`` file, or a ``.dot``/``.gv`` file.
    as_json
        Print format.md §3's JSON instead of a table.

    Returns
    -------
    int
        0 no problems, 1 problems, 2 unreadable input.
    """
    try:
        from diagrammer.io import LoadError, load_path

        try:
            doc = load_path(path)
        except LoadError as exc:
            return _fail(str(exc))
        # Imported after loading, so that an unreadable file is reported without waiting for networkx.
        from diagrammer.rules import classify

        result = classify(doc)
        status = EXIT_PROBLEMS if result.problems else EXIT_CLEAN
        data = _json_bytes(json_text(result.to_json_dict(doc))) if as_json else _table_bytes(table_text(doc, result))
    except Exception as exc:  # noqa: BLE001 - the contract is one line on stderr, never a traceback
        return _fail(f'Cannot classify "{path}": {type(exc).__name__}: {exc}')
    _write(data)
    return status


def json_text(data: dict[str, Any]) -> str:
    """``data`` as JSON with one node or problem per line: readable, and built by json's C encoder.

    Examples
    --------
    >>> print(json_text({"nodes": {"a": {"name": "A", "labels": []}}, "problems": []}), end="")
    {
      "nodes": {
        "a": {"name": "A", "labels": []}
      },
      "problems": []
    }
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    # One flat list joined once: with tens of megabytes of explanations, every intermediate
    # string would be another full copy.
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
    return "".join(chunks)


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
    lines += ["", f"{_plural(len(rows), 'node')}, {labelled} with labels, {_plural(count, 'problem')}."]
    return "\n".join(lines) + "\n"


def _cell(text: str, width: int) -> str:
    """One table cell: control characters shown as spaces (a name may hold line breaks), cut to width."""
    text = _CONTROL.sub(" ", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _fail(message: str) -> int:
    try:
        print(_CONTROL.sub(" ", message), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
    return EXIT_UNREADABLE


def _json_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from "\\ud800" escapes in the file) cannot be UTF-8; JSON can escape them.
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def _table_bytes(text: str) -> bytes:
    return text.encode("utf-8", "replace")


def _write(data: bytes) -> None:
    """Write to stdout as UTF-8 whatever the locale; a reader that went away is not an error."""
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at nothing, so that the interpreter's final flush does not complain either.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass
