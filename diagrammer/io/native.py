"""The native file (``*.diagram.json``): one reader that validates as it builds, one writer.

The format is ``docs/format.md`` §1: UTF-8 JSON, 2-space indent, keys in a fixed order, one
trailing newline. Saving is deterministic (the same document always gives the same bytes) and
lossless (unknown fields are kept in ``extra`` and written back after the known ones, in their
original order). Whole-number coordinates are written as integers (``40``, not ``40.0``).

Loading refuses, with one :class:`~diagrammer.io.errors.LoadError` sentence naming the file and,
where possible, the line or node, anything that is not UTF-8, not JSON, or has the wrong shape or
types. Broken references (a missing parent or edge endpoint) and containment loops are *not* load
errors: the classifier reports them so that the user can repair them in the editor.

Lenient on purpose: a UTF-8 byte order mark is skipped; missing ``nodes``/``edges`` mean none;
``x``/``y`` may be missing or ``null`` (not placed yet); a kind listed twice counts once; a
missing edge endpoint reads as ``""``, a dangling reference. Inside one JSON object a repeated
key keeps its last value, as in most JSON readers.

Limits, so that a hostile or corrupt file is refused instead of hanging or exhausting the editor
(the size and count limits are read from this module at every load, so that a test may
lower them; the others are in :mod:`diagrammer.io.native_fields`):

======================================  ===========================
file size                               256 MiB (``MAX_FILE_BYTES``)
nodes; edges                            1,000,000 each
one known text field (name, notes...)   1,000,000 characters
``x``, ``y``, route points              within ±10,000,000
``width``, ``height``                   above 0, at most 10,000,000
nesting of JSON values                  100 levels
======================================  ===========================

Examples
--------
>>> doc = loads_document('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a", "x": 40.0}]}')
>>> '"x": 40,' in dumps_document(doc)
True
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from typing import Any

from diagrammer.io import native_fields as fields
from diagrammer.io.errors import LoadError, SaveError
from diagrammer.io.native_fields import MAX_COORDINATE, MAX_DEPTH, MAX_TEXT
from diagrammer.io.reading import read_bounded
from diagrammer.model.document import DEFAULT_HEIGHT, DEFAULT_WIDTH, EDGE_KINDS, OPTIMIZES, Document, Edge, Node

FORMAT = "diagrammer"
VERSION = 1

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_EDGES = 1_000_000

TOP_KEYS = ("format", "version", "title", "nodes", "edges")
NODE_KEYS = (
    "id", "name", "kinds", "designed_by_humans", "goal", "parent", "x", "y", "width", "height", "notes",
)  # fmt: skip
EDGE_KEYS = ("id", "source", "target", "kind", "label", "route")
__all__ = [
    "EDGE_KEYS", "FORMAT", "MAX_COORDINATE", "MAX_DEPTH", "MAX_EDGES", "MAX_FILE_BYTES", "MAX_NODES", "MAX_TEXT",
    "NODE_KEYS", "TOP_KEYS", "VERSION", "dumps_document", "load_document", "loads_document", "save_document",
]  # fmt: skip
_TOP_SET = frozenset(TOP_KEYS)
_NODE_SET = frozenset(NODE_KEYS)
_EDGE_SET = frozenset(EDGE_KEYS)

_EDGE_KIND_CHOICES = " or ".join(f'"{kind}"' for kind in EDGE_KINDS)


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a native file.

    Raises
    ------
    LoadError
        The only error raised, for any content: one sentence naming the file and the reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.diagram.json"
    >>> _ = path.write_text('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a"}]}')
    >>> list(load_document(path).nodes)
    ['a']
    """
    name = os.fspath(path)
    return loads_document(read_bounded(name, MAX_FILE_BYTES, _too_large()), name)


def loads_document(data: str | bytes | bytearray | memoryview, name: str = "<string>") -> Document:
    """Build a document from the text or bytes (UTF-8) of a native file; ``name`` is quoted in messages.

    Raises
    ------
    LoadError
        For any content that is not a valid native file; never any other exception.

    Examples
    --------
    >>> loads_document('{"format": "diagrammer", "version": 1, "title": "T"}').title
    'T'
    >>> loads_document(b'{"format": "diagrammer", "version": 3}', "x.json")
    Traceback (most recent call last):
    ...
    diagrammer.io.errors.LoadError: Cannot open "x.json": it was saved by a newer Diagrammer \
(file version 3, this program reads version 1).
    """
    if not isinstance(data, str | bytes | bytearray | memoryview):
        raise TypeError(f"loads_document needs text or bytes, not {type(data).__name__}")
    try:
        text = data if isinstance(data, str) else _decode(bytes(data), name)
        if len(text) > MAX_FILE_BYTES:
            raise LoadError(name, _too_large())
        return _Reader(text, name).document()
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError(name, _too_deep()) from exc
    except MemoryError as exc:
        raise LoadError(name, "it is too large to fit in memory") from exc
    except Exception as exc:  # noqa: BLE001 - the promise is "only LoadError", even for a bug of ours
        raise LoadError(name, f"it could not be read ({type(exc).__name__}: {exc})") from exc


def dumps_document(doc: Document) -> str:
    """The native file's text for ``doc``: ``json.dumps`` with a 2-space indent, non-ASCII kept.

    Raises
    ------
    ValueError
        When the document holds something JSON cannot say, such as a width that is not a finite
        number (the model's operations prevent it); the sentence names the node or edge.

    Examples
    --------
    >>> from diagrammer.model.document import Edge, Node
    >>> doc = Document.from_parts("T", [Node("a", x=40.0, y=0.5)], [Edge("e", "a", "a", route=[(0, 0), (9.5, 2)])])
    >>> print(dumps_document(doc), end="")  # doctest: +ELLIPSIS
    {
      "format": "diagrammer",
      "version": 1,
      "title": "T",
      "nodes": [
        {
          "id": "a",
    ...
          "x": 40,
          "y": 0.5,
          "width": 180,
          "height": 84,
          "notes": ""
        }
      ],
      "edges": [
        {
    ...
          "label": "",
          "route": [
            [
              0,
              0
            ],
            [
              9.5,
              2
            ]
          ]
        }
      ]
    }
    """
    top = {"format": FORMAT, "version": VERSION, "title": _text(doc.title, "the title"),
           "nodes": [_node_dict(node) for node in doc.nodes.values()],
           "edges": [_edge_dict(edge) for edge in doc.edges.values()], **_unknown(doc.extra, _TOP_SET)}  # fmt: skip
    return _without_lone_surrogates(json.dumps(top, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def save_document(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write ``doc`` to ``path`` atomically: the old file stays intact if anything fails.

    Raises
    ------
    SaveError
        With one sentence naming the file and the reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from diagrammer.model.document import Node
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.diagram.json"
    >>> save_document(Document.from_parts("", [Node("a")], []), path)
    >>> list(load_document(path).nodes)
    ['a']
    """
    from diagrammer.io.atomic import write_atomic

    try:
        text = dumps_document(doc)
    except ValueError as exc:
        raise SaveError(path, str(exc)) from exc
    write_atomic(path, text.encode("utf-8"))


# Writing


def _without_lone_surrogates(text: str) -> str:
    """Lone surrogates (from "\\ud800" escapes in a loaded file) cannot be UTF-8: written as the
    same escapes again, as JSON allows, so that the file still round-trips."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _node_dict(node: Node) -> dict[str, Any]:
    try:
        out = {"id": _text(node.id), "name": _text(node.name), "kinds": [_text(kind) for kind in node.kinds],
               "designed_by_humans": bool(node.designed_by_humans),
               "goal": None if node.goal is None else _text(node.goal),
               "parent": None if node.parent is None else _text(node.parent)}  # fmt: skip
        if node.x is not None:
            out["x"] = _number(node.x)
        if node.y is not None:
            out["y"] = _number(node.y)
        out.update(width=_number(node.width), height=_number(node.height), notes=_text(node.notes))
        out.update(_unknown(node.extra, _NODE_SET))
    except ValueError as exc:
        raise ValueError(f"node {fields.short(node.id)} {exc}") from None
    return out


def _edge_dict(edge: Edge) -> dict[str, Any]:
    try:
        out = {"id": _text(edge.id), "source": _text(edge.source), "target": _text(edge.target),
               "kind": _text(edge.kind), "label": _text(edge.label)}  # fmt: skip
        if edge.route is not None:
            out["route"] = [[_number(x), _number(y)] for x, y in edge.route]
        out.update(_unknown(edge.extra, _EDGE_SET))
    except ValueError as exc:
        raise ValueError(f"edge {fields.short(edge.id)} {exc}") from None
    return out


def _unknown(extra: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """Unknown fields, written after the known ones (a name clashing with a known one is dropped)."""
    return {key: value for key, value in extra.items() if key not in known} if extra else {}


def _text(value: Any, owner: str = "") -> str:
    if type(value) is not str:
        raise ValueError(f"{owner} holds {fields.kind_of(value)} where text belongs".lstrip())
    return value


def _number(value: Any) -> int | float:
    """Whole numbers as integers (``40``, not ``40.0``), so that files stay clean and stable."""
    if type(value) is int:
        return value
    if type(value) is not float:
        raise ValueError(f"holds {fields.kind_of(value)} where a number belongs")
    if not math.isfinite(value):
        raise ValueError("has a size or position that is not a finite number")
    return int(value) if value.is_integer() else value


# Reading


class _BadNumber(ValueError):
    """A number JSON allows but a diagram cannot hold (NaN, Infinity, an overflowing float)."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


def _refuse_constant(token: str) -> float:
    raise _BadNumber(token)


def _finite_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _BadNumber(token)
    return value


def _handed_out(items: list[Any]) -> Iterator[Any]:
    """Each of ``items`` in turn, its place in the list emptied as it is handed out.

    The parsed JSON of each node is freed as soon as its :class:`Node` is built, so that the
    garbage collector, which walks every live container, never walks the file twice over.
    """
    for index, item in enumerate(items):
        items[index] = None
        yield item


def _decode(data: bytes, name: str) -> str:
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise LoadError(name, "it is UTF-32 text, but Diagrammer files are UTF-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise LoadError(name, "it is UTF-16 text, but Diagrammer files are UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(name, f"line {line} is not UTF-8 text (byte 0x{data[exc.start]:02x})") from exc


class _Reader:
    """One load: parses, then checks each node and edge once as it builds it, wording any refusal."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text[1:] if text.startswith("\ufeff") else text
        self.name = name

    def fail(self, reason: str) -> LoadError:
        return LoadError(self.name, reason)

    def document(self) -> Document:
        top = self.parse()
        if type(top) is not dict:
            raise self.fail(f"it is not a Diagrammer file (it holds {fields.kind_of(top)}, not an object)")
        self.check_header(top)
        try:
            title = fields.text_field(top.get("title", ""), "title")
        except fields.FieldProblem as problem:
            raise self.fail(f"the file {problem}") from None
        nodes_raw = self.list_field(top, "nodes", MAX_NODES)
        edges_raw = self.list_field(top, "edges", MAX_EDGES)
        extra = {} if top.keys() <= _TOP_SET else self.extra(top, _TOP_SET)
        nodes = [self.node(raw, number) for number, raw in enumerate(_handed_out(nodes_raw), 1)]
        edges = [self.edge(raw, number) for number, raw in enumerate(_handed_out(edges_raw), 1)]
        doc = Document.from_parts(title, nodes, edges, extra)
        # The document's dicts by id are the duplicate check: a repeated id makes one shorter.
        if len(doc.nodes) != len(nodes):
            self.refuse_duplicate(nodes, "node")
        if len(doc.edges) != len(edges) or not doc.nodes.keys().isdisjoint(doc.edges):
            for edge in edges:
                if edge.id in doc.nodes:
                    raise self.fail(f"the edge {fields.short(edge.id)} has the same id as a node; ids must be unique")
            self.refuse_duplicate(edges, "edge")
        return doc

    def parse(self) -> Any:
        text = self.text
        if not text or text.isspace():  # "not text.strip()", without copying a large file's text
            raise self.fail("the file is empty")
        try:
            return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        except json.JSONDecodeError as exc:
            # json's messages that end in "at" expect a position after them.
            detail = f"{exc.msg} column {exc.colno}" if exc.msg.endswith(" at") else exc.msg
            raise self.fail(f"line {exc.lineno} is not valid JSON ({detail})") from exc
        except _BadNumber as exc:
            where = _where(self.line_of(r"(?<![\w.+-])" + re.escape(exc.token)))
            raise self.fail(f"{where}the number {exc.token} is not finite; a diagram needs real numbers") from exc
        except RecursionError as exc:
            raise self.fail(_too_deep()) from exc
        except ValueError as exc:  # Python refuses to convert integers of more than a few thousand digits
            where = _where(self.line_of(r"-?\d{1000}"))
            raise self.fail(f"{where}a number has too many digits") from exc

    def line_of(self, pattern: str) -> int | None:
        """The line of the first match of ``pattern`` outside JSON strings (only on the error path).

        The wanted pattern comes first, so that one starting with a quote (a key) is tried before
        the alternative that skips a whole string."""
        for match in re.finditer("(" + pattern + r')|"(?:[^"\\]|\\.)*"', self.text, re.S):
            if match.group(1) is not None:
                return self.text.count("\n", 0, match.start()) + 1
        return None

    def line_of_key(self, key: str, value: str | None = None) -> int | None:
        """The line where ``"key": value`` (or just ``"key":``) is written, for a message."""
        pattern = re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
        if value is not None:
            pattern += r"\s*" + re.escape(json.dumps(value, ensure_ascii=False))
        return self.line_of(pattern)

    def check_header(self, top: dict) -> None:
        if "format" not in top:
            raise self.fail('it is not a Diagrammer file (it has no "format": "diagrammer")')
        if top["format"] != FORMAT:
            found = fields.short(top["format"])
            raise self.fail(f'it is not a Diagrammer file ("format" is {found}, not "diagrammer")')
        version = top.get("version")
        if type(version) is not int:
            what = "no" if "version" not in top else f"{fields.short(version)} as its"
            raise self.fail(f'it has {what} "version"; the version is a whole number')
        if version > VERSION:
            versions = f"file version {fields.short(version)}, this program reads version {VERSION}"
            raise self.fail(f"it was saved by a newer Diagrammer ({versions})")
        if version < 1:
            raise self.fail(f'its "version" is {version}, but file versions start at 1')

    def list_field(self, top: dict, key: str, limit: int) -> list:
        value = top.get(key, [])
        if type(value) is not list:
            raise self.fail(f'{_where(self.line_of_key(key))}"{key}" is {fields.kind_of(value)}, not a list')
        if len(value) > limit:
            raise self.fail(f"it has {len(value):,} {key}, more than the {limit:,} this program opens")
        return value

    def item_id(self, raw: Any, kind: str, number: int) -> str:
        if type(raw) is not dict:
            raise self.fail(f'{kind} number {number} in "{kind}s" is {fields.kind_of(raw)}, not an object')
        item_id = raw.get("id")
        if type(item_id) is not str or not item_id:
            what = "no" if "id" not in raw else "an empty or non-text"
            raise self.fail(f'{kind} number {number} in "{kind}s" has {what} "id"; an id is non-empty text')
        if len(item_id) > MAX_TEXT:
            length = f"{len(item_id):,} characters, more than {MAX_TEXT:,}"
            raise self.fail(f'{kind} number {number} in "{kind}s" has an id of {length}')
        return item_id

    def owner(self, kind: str, item_id: str) -> str:
        line = self.line_of_key("id", item_id)
        return f"{kind} {fields.short(item_id)}" + ("" if line is None else f" (line {line})")

    def node(self, raw: Any, number: int) -> Node:
        """The node ``raw`` (the ``number``-th of the file), every field checked in the file's order."""
        node_id = self.item_id(raw, "node", number)
        get = raw.get
        try:
            kinds = fields.kinds(get("kinds", []))
            designed = get("designed_by_humans", False)
            if type(designed) is not bool:
                found = fields.kind_of(designed)
                raise fields.FieldProblem(f'has {found} as its "designed_by_humans", which must be true or false')
            return Node(
                node_id, fields.text_field(get("name", ""), "name"), kinds, designed,
                fields.optional_text(get("goal"), "goal"), fields.optional_text(get("parent"), "parent"),
                fields.coordinate(get("x"), "x"), fields.coordinate(get("y"), "y"),
                fields.size(get("width", DEFAULT_WIDTH), "width"), fields.size(get("height", DEFAULT_HEIGHT), "height"),
                fields.text_field(get("notes", ""), "notes"),
                {} if raw.keys() <= _NODE_SET else self.extra(raw, _NODE_SET),
            )  # fmt: skip
        except fields.FieldProblem as problem:
            # Only now pay for finding the node's line.
            raise self.fail(f"{self.owner('node', node_id)} {problem}") from None

    def edge(self, raw: Any, number: int) -> Edge:
        """The edge ``raw`` (the ``number``-th of the file), every field checked."""
        edge_id = self.item_id(raw, "edge", number)
        get = raw.get
        try:
            kind = get("kind", OPTIMIZES)
            if type(kind) is not str or kind not in EDGE_KINDS:
                raise fields.FieldProblem(f"has the kind {fields.short(kind)}; an edge kind is {_EDGE_KIND_CHOICES}")
            source = fields.text_field(get("source", ""), "source")
            target = fields.text_field(get("target", ""), "target")
            label = fields.text_field(get("label", ""), "label")
            extra = {} if raw.keys() <= _EDGE_SET else self.extra(raw, _EDGE_SET)
            return Edge(edge_id, source, target, kind, label, extra, fields.route(get("route")))
        except fields.FieldProblem as problem:
            raise self.fail(f"{self.owner('edge', edge_id)} {problem}") from None

    def extra(self, raw: dict, known: frozenset[str]) -> dict[str, Any]:
        extra = {key: value for key, value in raw.items() if key not in known}
        if fields.depth_exceeds(extra, MAX_DEPTH - 1):
            raise self.fail(_too_deep())
        return extra

    def refuse_duplicate(self, items: list[Node] | list[Edge], kind: str) -> None:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise self.fail(f"two {kind}s have the id {fields.short(item.id)}; {kind} ids must be unique")
            seen.add(item.id)


def _where(line: int | None) -> str:
    return "" if line is None else f"on line {line}, "


def _too_large() -> str:
    return f"it is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB this program opens"


def _too_deep() -> str:
    return f"its values are nested more than {MAX_DEPTH} levels deep"
