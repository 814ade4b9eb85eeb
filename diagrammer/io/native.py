"""The native file (``*.diagram.json``): load validates first, then builds; save is atomic.

The format is ``format.md`` §1: UTF-8 JSON, 2-space indent, keys in a fixed order, one trailing
newline. Saving is deterministic (the same document always gives the same bytes) and lossless
(unknown fields are kept in ``extra`` and written back after the known ones, in their original
order). Whole-number coordinates are written as integers (``40``, not ``40.0``).

Loading refuses, with one :class:`~diagrammer.io.errors.LoadError` sentence naming the file and,
where possible, the line or node, anything that is not UTF-8, not JSON, or has the wrong shape or
types. Broken references (a missing parent or edge endpoint) and containment loops are *not* load
errors: the classifier reports them so that the user can repair them in the editor.

Lenient on purpose: a UTF-8 byte order mark is skipped; missing ``nodes``/``edges`` mean none;
``x``/``y`` may be missing or ``null`` (not placed yet); a kind listed twice counts once; a
missing edge endpoint reads as ``""``, a dangling reference. Inside one JSON object a repeated
key keeps its last value, as in most JSON readers (detecting it would slow every load).

Limits, so that a hostile or corrupt file is refused instead of hanging or exhausting the editor:

======================================  ===========================
file size                               256 MiB (``MAX_FILE_BYTES``)
nodes; edges                            1,000,000 each
one known text field (name, notes...)   1,000,000 characters
``x``, ``y``                            within ±10,000,000
``width``, ``height``                   above 0, at most 10,000,000
nesting of JSON values                  100 levels
======================================  ===========================

This module holds the format's contract: the constants and limits below and the wording shared by
both directions. Reading lives in :mod:`diagrammer.io.native_read` and writing in
:mod:`diagrammer.io.native_write`; their public names are re-exported here, so callers import from
``diagrammer.io.native`` (or ``diagrammer.io``) only.
"""

from __future__ import annotations

import json
import re
from typing import Any

FORMAT = "diagrammer"
VERSION = 1

# The size and count limits are read from this module at every load (see native_read), so that
# lowering them here takes effect; the per-field limits are bound when the reader is imported.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_EDGES = 1_000_000
MAX_TEXT = 1_000_000
MAX_COORDINATE = 10_000_000
MAX_DEPTH = 100

TOP_KEYS = ("format", "version", "title", "nodes", "edges")
NODE_KEYS = (
    "id", "name", "kinds", "designed_by_humans", "goal", "parent", "x", "y", "width", "height", "notes",
)  # fmt: skip
EDGE_KEYS = ("id", "source", "target", "kind", "label")
_TOP_SET = frozenset(TOP_KEYS)
_NODE_SET = frozenset(NODE_KEYS)
_EDGE_SET = frozenset(EDGE_KEYS)

# The ensure_ascii=False string encoder json.dumps itself uses (the C one where available).
_encode = json.encoder.encode_basestring
_SURROGATE = re.compile("[\ud800-\udfff]")


def _short(value: Any) -> str:
    """A value as JSON, cut short so that a message stays one readable line."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


_JSON_TYPE = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def _kind_of(value: Any) -> str:
    return _JSON_TYPE.get(type(value), type(value).__name__)


# The reader and the writer import the constants above from this module, so they are imported
# after them; the names re-exported for callers (and, for the private ones, the tests) follow.
from diagrammer.io.native_read import (  # noqa: E402, F401
    ParsedFile,
    _quick_edge,
    _quick_node,
    _Reader,
    load_document,
    loads_document,
    read_parsed,
)
from diagrammer.io.native_write import dumps_document, save_document  # noqa: E402

__all__ = [
    "EDGE_KEYS",
    "FORMAT",
    "ParsedFile",
    "MAX_COORDINATE",
    "MAX_DEPTH",
    "MAX_EDGES",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_TEXT",
    "NODE_KEYS",
    "TOP_KEYS",
    "VERSION",
    "dumps_document",
    "load_document",
    "loads_document",
    "read_parsed",
    "save_document",
]
