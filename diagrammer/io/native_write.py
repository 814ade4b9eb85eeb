"""Writing the native file: deterministic text, saved atomically.

:mod:`diagrammer.io.native` describes the format and re-exports this module's public names.

The writer produces exactly ``json.dumps(the_ordered_dict, indent=2, ensure_ascii=False) + "\n"``
(the tests check that), but string by string with json's own C string encoder: the pure-Python
indenting encoder json.dumps falls back to is several times slower on large diagrams.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

from diagrammer.io.atomic import write_atomic
from diagrammer.io.errors import SaveError
from diagrammer.io.native import (
    _EDGE_SET,
    _NODE_SET,
    _SURROGATE,
    _TOP_SET,
    FORMAT,
    VERSION,
    _encode,
    _kind_of,
    _short,
)
from diagrammer.model.document import Document, Edge, Node


def dumps_document(doc: Document) -> str:
    """The native file's text for ``doc``: deterministic, so equal documents give equal text.

    Raises
    ------
    ValueError
        When the document holds something JSON cannot say, such as a width that is not a finite
        number (the model's operations prevent it).

    Examples
    --------
    >>> from diagrammer.model.document import Document, Node
    >>> doc = Document.from_parts("T", [Node("a", x=40.0, y=0.5)], [])
    >>> print(dumps_document(doc), end="")
    {
      "format": "diagrammer",
      "version": 1,
      "title": "T",
      "nodes": [
        {
          "id": "a",
          "name": "",
          "kinds": [],
          "designed_by_humans": false,
          "goal": null,
          "parent": null,
          "x": 40,
          "y": 0.5,
          "width": 180,
          "height": 84,
          "notes": ""
        }
      ],
      "edges": []
    }
    """
    return _serialize(doc)[0]


def save_document(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write ``doc`` to ``path`` atomically: the old file stays intact if anything fails.

    Raises
    ------
    SaveError
        With one sentence naming the file and the reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from diagrammer.io.native import load_document
    >>> from diagrammer.model.document import Document, Node
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.diagram.json"
    >>> save_document(Document.from_parts("", [Node("a")], []), path)
    >>> list(load_document(path).nodes)
    ['a']
    """
    try:
        data = _serialize(doc)[1]
    except ValueError as exc:
        raise SaveError(path, str(exc)) from exc
    write_atomic(path, data)


def _serialize(doc: Document) -> tuple[str, bytes]:
    try:
        title = _text(doc.title)
    except ValueError as exc:
        raise ValueError(f"the title {exc}") from None
    nodes = _list([_node_text(node) for node in doc.nodes.values()])
    edges = _list([_edge_text(edge) for edge in doc.edges.values()])
    lines = [f'"format": "{FORMAT}"', f'"version": {VERSION}', f'"title": {title}']
    lines += (f'"nodes": {nodes}', f'"edges": {edges}', *_extra_lines(doc.extra, _TOP_SET, "\n  "))
    text = "{\n  " + ",\n  ".join(lines) + "\n}\n"
    try:
        return text, text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from "\\ud800" escapes in a loaded file) cannot be UTF-8: escape them
        # again, as JSON allows, so that the file still round-trips.
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        return text, text.encode("utf-8")


def _list(items: list[str]) -> str:
    return "[\n" + ",\n".join(items) + "\n  ]" if items else "[]"


def _node_text(node: Node) -> str:
    try:
        lines = [
            '"id": ' + _text(node.id),
            '"name": ' + _text(node.name),
            '"kinds": '
            + ("[\n        " + ",\n        ".join(map(_text, node.kinds)) + "\n      ]" if node.kinds else "[]"),
            '"designed_by_humans": ' + ("true" if node.designed_by_humans else "false"),
            '"goal": ' + ("null" if node.goal is None else _text(node.goal)),
            '"parent": ' + ("null" if node.parent is None else _text(node.parent)),
        ]
        if node.x is not None:
            lines.append('"x": ' + _number(node.x))
        if node.y is not None:
            lines.append('"y": ' + _number(node.y))
        lines += ('"width": ' + _number(node.width), '"height": ' + _number(node.height))
        lines.append('"notes": ' + _text(node.notes))
        if node.extra:
            lines += _extra_lines(node.extra, _NODE_SET, "\n      ")
    except ValueError as exc:
        # The owner is named only on this path: quoting every id up front would slow every save.
        raise ValueError(f"node {_short(node.id)} {exc}") from None
    return "    {\n      " + ",\n      ".join(lines) + "\n    }"


def _edge_text(edge: Edge) -> str:
    try:
        lines = [
            '"id": ' + _text(edge.id),
            '"source": ' + _text(edge.source),
            '"target": ' + _text(edge.target),
            '"kind": ' + _text(edge.kind),
            '"label": ' + _text(edge.label),
        ]
        if edge.extra:
            lines += _extra_lines(edge.extra, _EDGE_SET, "\n      ")
    except ValueError as exc:
        raise ValueError(f"edge {_short(edge.id)} {exc}") from None
    return "    {\n      " + ",\n      ".join(lines) + "\n    }"


def _extra_lines(extra: dict[str, Any], known: frozenset, newline: str) -> list[str]:
    """Unknown fields after the known ones, each value indented to sit where ``newline`` leads."""
    return [
        _encode(key) + ": " + json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False).replace("\n", newline)
        for key, value in extra.items()
        if key not in known
    ]


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"holds {_kind_of(value)} where text belongs")
    return _encode(value)


def _number(value: Any) -> str:
    """Whole numbers as integers (``40``, not ``40.0``), so that files stay clean and stable."""
    if type(value) is float:
        if not math.isfinite(value):
            raise ValueError("has a size or position that is not a finite number")
        return repr(int(value)) if value.is_integer() else repr(value)
    if type(value) is int:
        return repr(value)
    raise ValueError(f"holds {_kind_of(value)} where a number belongs")
