"""Reading the native file: parse, validate each item once as it is built, and word every refusal.

:mod:`diagrammer.io.native` describes the format and its limits and re-exports this module's public
names. The one exception raised for any content is :class:`~diagrammer.io.errors.LoadError`.
"""

from __future__ import annotations

import json
import math
import operator
import os
import re
from collections.abc import Callable, Iterable, Set
from itertools import permutations
from typing import Any, TypeVar

from diagrammer.io import native
from diagrammer.io.errors import LoadError
from diagrammer.io.native import (
    _EDGE_SET,
    _NODE_SET,
    _TOP_SET,
    EDGE_KEYS,
    FORMAT,
    MAX_COORDINATE,
    MAX_DEPTH,
    MAX_TEXT,
    NODE_KEYS,
    VERSION,
    _encode,
    _kind_of,
    _short,
)
from diagrammer.io.reading import read_bounded
from diagrammer.model.document import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    EDGE_KINDS,
    KINDS,
    OPTIMIZES,
    Document,
    Edge,
    Node,
)
from diagrammer.model.table import Table

T = TypeVar("T")
_NUMBERS = frozenset((int, float))  # bool is deliberately absent: true is not a width


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a native file.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    Document
        The document, with unknown fields kept in ``extra``.

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
    return loads_document(read_bounded(name, native.MAX_FILE_BYTES, _too_large_reason()), name)


def loads_document(data: str | bytes | bytearray | memoryview, name: str = "<string>") -> Document:
    """Build a document from the text or bytes of a native file.

    Parameters
    ----------
    data
        The file's contents; bytes must be UTF-8.
    name
        The file name that messages quote.

    Returns
    -------
    Document

    Raises
    ------
    LoadError
        For any content that is not a valid native file; never any other exception.

    Examples
    --------
    >>> doc = loads_document('{"format": "diagrammer", "version": 1, "title": "T", "nodes": []}')
    >>> doc.title
    'T'
    >>> loads_document(b'{"format": "diagrammer", "version": 3}', "x.json")
    Traceback (most recent call last):
    ...
    diagrammer.io.errors.LoadError: Cannot open "x.json": it was saved by a newer Diagrammer \
(file version 3, this program reads version 1).
    """
    if not isinstance(data, str | bytes | bytearray | memoryview):
        raise TypeError(f"loads_document needs text or bytes, not {type(data).__name__}")
    return _only_load_errors(name, lambda: _Reader(_text(data, name), name).document())


def read_parsed(path: str | os.PathLike[str]) -> ParsedFile:
    """Read and parse a native file, checking its JSON and its header, without building the
    document yet (see :class:`ParsedFile`).

    Raises
    ------
    LoadError
        As :func:`load_document` does, for whatever it finds wrong so far.
    """
    name = os.fspath(path)

    def parse() -> ParsedFile:
        reader = _Reader(_text(read_bounded(name, native.MAX_FILE_BYTES, _too_large_reason()), name), name)
        return ParsedFile(reader, *reader.top_level())

    return _only_load_errors(name, parse)


class ParsedFile:
    """A native file parsed and its header checked, its nodes and edges not yet built or checked.

    :meth:`document` finishes the load (raising :class:`LoadError` exactly as
    :func:`load_document` would); :meth:`table` gives the columns the classifier reads straight
    from the parsed JSON, which a command may classify while the document is checked elsewhere.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.diagram.json"
    >>> node = '"id": "a", "name": "A", "kinds": ["agent"], "designed_by_humans": false, "goal": null, '
    >>> node += '"parent": null, "x": 0, "y": 0, "width": 180, "height": 84, "notes": ""'
    >>> _ = path.write_text('{"format": "diagrammer", "version": 1, "nodes": [{' + node + '}]}')
    >>> parsed = read_parsed(path)
    >>> parsed.node_count, parsed.table().names, list(parsed.document().nodes)
    (1, ('A',), ['a'])
    """

    def __init__(self, reader: _Reader, title: str, nodes: list, edges: list, extra: dict[str, Any]) -> None:
        self._reader, self._parts = reader, (title, nodes, edges, extra)
        self.node_count = len(nodes)

    def document(self) -> Document:
        """The document, or :class:`LoadError` naming what is wrong with the file."""
        reader = self._reader
        return _only_load_errors(reader.name, lambda: reader.build(*self._parts))

    def table(self) -> Table | None:
        """The classifier's columns read straight from the parsed JSON, when every node gives
        each field the rules read (id, name, kinds, designed_by_humans, goal, parent) and every
        edge its id, source, target and kind; else None (the document fills in defaults).

        Not checked: they mean what the document's do only if :meth:`document` succeeds. Then
        they are the very same values, except that the document lists a kind given twice once,
        which the rules cannot tell apart (they only ask whether a kind is listed).
        """
        _title, nodes, edges, _extra = self._parts
        try:
            node_columns = list(zip(*map(_RULE_NODE_FIELDS, nodes), strict=True)) or [()] * 6
            edge_columns = list(zip(*map(_RULE_EDGE_FIELDS, edges), strict=True)) or [()] * 4
        except (KeyError, TypeError):  # a field missing, or an item that is not an object
            return None
        return Table(*node_columns, *edge_columns)


# The fields of nodes and edges the rules read, in the order of Table's columns.
_RULE_NODE_FIELDS = operator.itemgetter("id", "name", "kinds", "designed_by_humans", "goal", "parent")
_RULE_EDGE_FIELDS = operator.itemgetter("id", "kind", "source", "target")


def _text(data: str | bytes | bytearray | memoryview, name: str) -> str:
    text = data if isinstance(data, str) else _decode(bytes(data), name)
    if len(text) > native.MAX_FILE_BYTES:
        raise LoadError(name, _too_large_reason())
    return text


def _only_load_errors(name: str, step: Callable[[], T]) -> T:
    """``step()``, turning any exception but LoadError into one (the promise is "only LoadError",
    even for a bug of ours)."""
    try:
        return step()
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError(name, _too_deep_reason()) from exc
    except MemoryError as exc:
        raise LoadError(name, "it is too large to fit in memory") from exc
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise LoadError(name, f"it could not be read ({type(exc).__name__}: {exc})") from exc


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


def _too_large_reason() -> str:
    return f"it is larger than the {native.MAX_FILE_BYTES // (1024 * 1024)} MB this program opens"


def _too_deep_reason() -> str:
    return f"its values are nested more than {MAX_DEPTH} levels deep"


class _Problem(Exception):
    """What is wrong with one field, worded to follow its owner ("node "a" ...")."""


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


def _line_of(text: str, pattern: str) -> int | None:
    """The line of the first match of ``pattern`` outside JSON strings (error path only)."""
    # The wanted pattern comes first, so that one starting with a quote (a key) is tried before
    # the alternative that skips a whole string.
    for match in re.finditer("(" + pattern + r')|"(?:[^"\\]|\\.)*"', text, re.S):
        if match.group(1) is not None:
            return text.count("\n", 0, match.start()) + 1
    return None


class _Reader:
    """One load: parses, validates each item once as it builds it, and words every refusal."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text[1:] if text.startswith("\ufeff") else text
        self.name = name

    def fail(self, reason: str) -> LoadError:
        return LoadError(self.name, reason)

    def document(self) -> Document:
        return self.build(*self.top_level())

    def top_level(self) -> tuple[str, list, list, dict[str, Any]]:
        """The parsed file's checked title, its raw node and edge lists, its unknown fields."""
        top = self.parse()
        if type(top) is not dict:
            raise self.fail(f"it is not a Diagrammer file (it holds {_kind_of(top)}, not an object)")
        self.check_header(top)
        try:
            title = self.text_field(top.get("title", ""), "title")
        except _Problem as problem:
            raise self.fail(f"the file {problem}") from None
        nodes_raw = self.list_field(top, "nodes", native.MAX_NODES)
        edges_raw = self.list_field(top, "edges", native.MAX_EDGES)
        extra = {} if top.keys() <= _TOP_SET else self.extra(top, _TOP_SET)
        return title, nodes_raw, edges_raw, extra

    def build(self, title: str, nodes_raw: list, edges_raw: list, extra: dict[str, Any]) -> Document:
        """Check and build every node and edge, then the document."""
        nodes = _quick_nodes(nodes_raw)
        if nodes is None:
            nodes = [_quick_node(raw) or self.node(raw, number) for number, raw in enumerate(nodes_raw, 1)]
        edges = _quick_edges(edges_raw)
        if edges is None:
            edges = [_quick_edge(raw) or self.edge(raw, number) for number, raw in enumerate(edges_raw, 1)]
        # The document's dicts by id are the duplicate check: a repeated id makes one shorter.
        doc = Document.from_parts(title, nodes, edges, extra)
        if len(doc.nodes) != len(nodes):
            self.duplicate_node(nodes)
        if len(doc.edges) != len(edges) or not doc.nodes.keys().isdisjoint(doc.edges):
            self.duplicate_edge(edges, doc.nodes.keys())
        return doc

    def parse(self) -> Any:
        text = self.text
        # The same test as "not text.strip()", without copying a large file's text.
        if not text or text.isspace():
            raise self.fail("the file is empty")
        try:
            return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        except json.JSONDecodeError as exc:
            # json's messages that end in "at" expect a position after them.
            detail = f"{exc.msg} column {exc.colno}" if exc.msg.endswith(" at") else exc.msg
            raise self.fail(f"line {exc.lineno} is not valid JSON ({detail})") from exc
        except _BadNumber as exc:
            where = self.where(_line_of(text, r"(?<![\w.+-])" + re.escape(exc.token)))
            reason = f"the number {exc.token} is not finite; a diagram needs real numbers"
            raise self.fail(where + reason) from exc
        except RecursionError as exc:
            raise self.fail(_too_deep_reason()) from exc
        except ValueError as exc:
            # Python refuses to convert integers of more than a few thousand digits.
            where = self.where(_line_of(text, r"-?\d{1000}"))
            raise self.fail(f"{where}a number has too many digits") from exc

    @staticmethod
    def where(line: int | None) -> str:
        return "" if line is None else f"on line {line}, "

    def line_of_key(self, key: str, value: Any = None) -> int | None:
        """The line where ``"key": value`` (or just ``"key":``) is written, for a message."""
        pattern = re.escape(_encode(key)) + r"\s*:"
        if value is not None:
            pattern += r"\s*" + re.escape(_encode(value))
        return _line_of(self.text, pattern)

    def check_header(self, top: dict) -> None:
        if "format" not in top:
            raise self.fail('it is not a Diagrammer file (it has no "format": "diagrammer")')
        if top["format"] != FORMAT:
            found = _short(top["format"])
            raise self.fail(f'it is not a Diagrammer file ("format" is {found}, not "diagrammer")')
        version = top.get("version")
        if type(version) is not int:
            what = "no" if "version" not in top else f"{_short(version)} as its"
            raise self.fail(f'it has {what} "version"; the version is a whole number')
        if version > VERSION:
            versions = f"file version {_short(version)}, this program reads version {VERSION}"
            raise self.fail(f"it was saved by a newer Diagrammer ({versions})")
        if version < 1:
            raise self.fail(f'its "version" is {version}, but file versions start at 1')

    def list_field(self, top: dict, key: str, limit: int) -> list:
        value = top.get(key, [])
        if type(value) is not list:
            where = self.where(self.line_of_key(key))
            raise self.fail(f'{where}"{key}" is {_kind_of(value)}, not a list')
        if len(value) > limit:
            raise self.fail(f"it has {len(value):,} {key}, more than the {limit:,} this program opens")
        return value

    def text_field(self, value: Any, key: str) -> str:
        if type(value) is not str:
            raise _Problem(f'has {_kind_of(value)} as its "{key}", which must be text')
        if len(value) > MAX_TEXT:
            raise _Problem(f'has {_a(key)} "{key}" of {len(value):,} characters, more than {MAX_TEXT:,}')
        return value

    def optional_text(self, value: Any, key: str) -> str | None:
        return None if value is None else self.text_field(value, key)

    def number(self, value: Any, key: str, low: float, high: float) -> float:
        if type(value) is not float and type(value) is not int:
            raise _Problem(f'has {_kind_of(value)} as its "{key}", which must be a finite number')
        if not low <= value <= high:
            raise _Problem(f'has {_a(key)} "{key}" of {_short(value)}, outside {_range(low, high)}')
        return float(value)

    def size(self, value: Any, key: str) -> float:
        size = self.number(value, key, -math.inf, MAX_COORDINATE)
        if size <= 0:
            raise _Problem(f'has {_a(key)} "{key}" of {_short(value)}; sizes must be above 0')
        return size

    def owner(self, kind: str, item_id: str) -> str:
        line = self.line_of_key("id", item_id)
        return f"{kind} {_short(item_id)}" + ("" if line is None else f" (line {line})")

    def item_id(self, raw: Any, kind: str, number: int) -> str:
        if type(raw) is not dict:
            raise self.fail(f'{kind} number {number} in "{kind}s" is {_kind_of(raw)}, not an object')
        item_id = raw.get("id")
        if type(item_id) is not str or not item_id:
            what = "no" if "id" not in raw else "an empty or non-text"
            raise self.fail(f'{kind} number {number} in "{kind}s" has {what} "id"; an id is non-empty text')
        if len(item_id) > MAX_TEXT:
            length = f"{len(item_id):,} characters, more than {MAX_TEXT:,}"
            raise self.fail(f'{kind} number {number} in "{kind}s" has an id of {length}')
        return item_id

    def node(self, raw: Any, number: int) -> Node:
        node_id = self.item_id(raw, "node", number)
        try:
            return self.build_node(raw, node_id)
        except _Problem as problem:
            # Only now pay for finding the node's line.
            raise self.fail(f"{self.owner('node', node_id)} {problem}") from None

    def build_node(self, raw: dict, node_id: str) -> Node:
        get = raw.get
        kinds = get("kinds", [])
        if type(kinds) is not list:
            raise _Problem(f'has {_kind_of(kinds)} as its "kinds", which must be a list')
        for kind in kinds:
            if type(kind) is not str or kind not in KINDS:
                raise _Problem(f'has the kind {_short(kind)}; a kind is "agent" or "optimizer"')
        if len(kinds) > 1 and len(set(kinds)) != len(kinds):
            kinds = list(dict.fromkeys(kinds))
        designed = get("designed_by_humans", False)
        if type(designed) is not bool:
            found = _kind_of(designed)
            raise _Problem(f'has {found} as its "designed_by_humans", which must be true or false')
        x = get("x")
        y = get("y")
        return Node(
            node_id,
            name=self.text_field(get("name", ""), "name"),
            kinds=kinds,
            designed_by_humans=designed,
            goal=self.optional_text(get("goal"), "goal"),
            parent=self.optional_text(get("parent"), "parent"),
            x=None if x is None else self.number(x, "x", -MAX_COORDINATE, MAX_COORDINATE),
            y=None if y is None else self.number(y, "y", -MAX_COORDINATE, MAX_COORDINATE),
            width=self.size(get("width", DEFAULT_WIDTH), "width"),
            height=self.size(get("height", DEFAULT_HEIGHT), "height"),
            notes=self.text_field(get("notes", ""), "notes"),
            extra={} if raw.keys() <= _NODE_SET else self.extra(raw, _NODE_SET),
        )

    def edge(self, raw: Any, number: int) -> Edge:
        edge_id = self.item_id(raw, "edge", number)
        get = raw.get
        try:
            kind = get("kind", OPTIMIZES)
            if type(kind) is not str or kind not in EDGE_KINDS:
                raise _Problem(f'has the kind {_short(kind)}; an edge kind is "optimizes" or "link"')
            return Edge(
                edge_id,
                self.text_field(get("source", ""), "source"),
                self.text_field(get("target", ""), "target"),
                kind=kind,
                label=self.text_field(get("label", ""), "label"),
                extra={} if raw.keys() <= _EDGE_SET else self.extra(raw, _EDGE_SET),
            )
        except _Problem as problem:
            raise self.fail(f"{self.owner('edge', edge_id)} {problem}") from None

    def extra(self, raw: dict, known: frozenset) -> dict[str, Any]:
        extra = {key: value for key, value in raw.items() if key not in known}
        if _depth_exceeds(extra, MAX_DEPTH - 1):
            raise self.fail(_too_deep_reason())
        return extra

    def duplicate_node(self, nodes: list[Node]) -> None:
        seen: set[str] = set()
        for node in nodes:
            if node.id in seen:
                raise self.fail(f"two nodes have the id {_short(node.id)}; node ids must be unique")
            seen.add(node.id)

    def duplicate_edge(self, edges: list[Edge], node_ids: Set[str]) -> None:
        seen: set[str] = set()
        for edge in edges:
            if edge.id in node_ids:
                raise self.fail(f"the edge {_short(edge.id)} has the same id as a node; ids must be unique")
            if edge.id in seen:
                raise self.fail(f"two edges have the id {_short(edge.id)}; edge ids must be unique")
            seen.add(edge.id)


def _quick_node(raw: Any) -> Node | None:
    """Build a plainly valid node, or return None to take the explaining path.

    Large diagrams are mostly ordinary nodes; :func:`_plain_nodes` checks them in one expression,
    without a call per field. Anything unusual (unknown fields, duplicates in ``kinds``, any doubt
    at all) goes to :meth:`_Reader.node`, which accepts or words the refusal.
    """
    if type(raw) is not dict or not raw.keys() <= _NODE_SET:
        return None
    get = raw.get
    fields = (
        get("id"), get("name", ""), get("kinds", []), get("designed_by_humans", False), get("goal"), get("parent"),
        get("x"), get("y"), get("width", DEFAULT_WIDTH), get("height", DEFAULT_HEIGHT), get("notes", ""),
    )  # fmt: skip
    try:
        built = _plain_nodes([fields])
    except TypeError:  # a kind that cannot be hashed
        return None
    return built[0] if built else None


def _quick_edge(raw: Any) -> Edge | None:
    """The edge counterpart of :func:`_quick_node`."""
    if type(raw) is not dict or not raw.keys() <= _EDGE_SET:
        return None
    get = raw.get
    built = _plain_edges([(get("id"), get("source", ""), get("target", ""), get("kind", OPTIMIZES), get("label", ""))])
    return built[0] if built else None


def _quick_nodes(raws: list) -> list[Node] | None:
    """Every node built at once when each has exactly the known fields and is plainly valid, else
    None, to go node by node.

    Files this program saves with every node placed have this shape: the fields of each node are
    fetched with one C call, and all are checked in one comprehension.
    """
    if not raws:
        return []
    try:
        # Each node's fields are fetched as the comprehension reaches it, so that every tuple is
        # freed (and its memory reused) before the next.
        nodes = _plain_nodes(map(_NODE_FIELDS, raws))
    except (KeyError, TypeError):  # a node lacks a field, is not an object, or has odd kinds
        return None
    # Every node accepted, and none with a field besides the known ones it was found to have.
    return nodes if len(nodes) == len(raws) and set(map(len, raws)) == _NODE_FIELD_COUNT else None


def _quick_edges(raws: list) -> list[Edge] | None:
    """The edge counterpart of :func:`_quick_nodes`."""
    if not raws:
        return []
    try:
        edges = _plain_edges(map(_EDGE_FIELDS, raws))
    except (KeyError, TypeError):
        return None
    return edges if len(edges) == len(raws) and set(map(len, raws)) == _EDGE_FIELD_COUNT else None


def _plain_nodes(fields: Iterable[tuple]) -> list[Node]:
    """The nodes whose fields (in :data:`NODE_KEYS` order) are plainly valid; the others are left
    out. A kind that cannot be hashed raises TypeError.

    Inline checks in one comprehension: a call per node or per field would cost more than the
    checks themselves.
    """
    # fmt: off
    return [
        Node(node_id, name, kinds, designed, goal, parent, None if x is None else float(x),
             None if y is None else float(y), float(width), float(height), notes)
        for node_id, name, kinds, designed, goal, parent, x, y, width, height, notes in fields
        if type(node_id) is str
        and type(name) is str
        and type(notes) is str
        and type(designed) is bool
        and (goal is None or type(goal) is str)
        and (parent is None or type(parent) is str)
        and type(kinds) is list
        and tuple(kinds) in _KIND_LISTS
        and type(width) in _NUMBERS
        and type(height) in _NUMBERS
        and 0 < width <= MAX_COORDINATE
        and 0 < height <= MAX_COORDINATE
        and (x is None or (type(x) in _NUMBERS and -MAX_COORDINATE <= x <= MAX_COORDINATE))
        and (y is None or (type(y) in _NUMBERS and -MAX_COORDINATE <= y <= MAX_COORDINATE))
        and 0 < len(node_id) <= MAX_TEXT
        and len(name) + len(notes) + len(goal or "") + len(parent or "") <= MAX_TEXT
    ]
    # fmt: on


def _plain_edges(fields: Iterable[tuple]) -> list[Edge]:
    """The edge counterpart of :func:`_plain_nodes`."""
    return [
        Edge(edge_id, source, target, kind, label)
        for edge_id, source, target, kind, label in fields
        if type(edge_id) is str
        and type(source) is str
        and type(target) is str
        and type(label) is str
        and type(kind) is str
        and kind in EDGE_KINDS
        and 0 < len(edge_id) <= MAX_TEXT
        and len(source) + len(target) + len(label) <= MAX_TEXT
    ]


_NODE_FIELDS = operator.itemgetter(*NODE_KEYS)
_EDGE_FIELDS = operator.itemgetter(*EDGE_KEYS)
_NODE_FIELD_COUNT = {len(NODE_KEYS)}
_EDGE_FIELD_COUNT = {len(EDGE_KEYS)}
# The kinds lists _quick_node accepts: each known kind at most once.
_KIND_LISTS = frozenset([(), *((kind,) for kind in KINDS), *permutations(KINDS, 2)])


def _a(key: str) -> str:
    """The article for a field name as it is read aloud ("an x", "an id", "a width")."""
    return "an" if key[0] in "aeioux" or key == "id" else "a"


def _range(low: float, high: float) -> str:
    if math.isfinite(low):
        return f"the allowed {int(low):,} to {int(high):,}"
    return f"the allowed maximum {int(high):,}"


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True when ``value`` nests containers more than ``limit`` levels deep (iterative: no recursion)."""
    stack = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        if type(current) is dict:
            stack.extend((child, depth + 1) for child in current.values() if type(child) in (dict, list))
        elif type(current) is list:
            stack.extend((child, depth + 1) for child in current if type(child) in (dict, list))
    return False
