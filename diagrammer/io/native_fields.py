"""Checking one field of a native file's node or edge, and the words both directions share.

Each check returns the field's value for the model or raises :class:`FieldProblem` with the
reason, worded to follow its owner (``node "a" (line 3) <reason>``); :mod:`diagrammer.io.native`
adds the owner and the file. The per-field limits live here; the file's size and count limits in
``native``.

Examples
--------
>>> size(84, "width")
84.0
>>> size(0, "width")
Traceback (most recent call last):
...
diagrammer.io.native_fields.FieldProblem: has a "width" of 0; sizes must be above 0
"""

from __future__ import annotations

import json
from typing import Any

from diagrammer.model.document import KINDS

MAX_TEXT = 1_000_000
MAX_COORDINATE = 10_000_000
MAX_DEPTH = 100

_JSON_TYPE = {
    dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false",
    type(None): "null",
}  # fmt: skip
_KIND_CHOICES = " or ".join(f'"{kind}"' for kind in KINDS)
_POINT_TYPES = (int, float)


class FieldProblem(Exception):
    """What is wrong with one field, worded to follow its owner ("node "a" ...")."""


def kinds(value: Any) -> list[str]:
    """A node's kinds: known ones only, a kind listed twice counted once."""
    if type(value) is not list:
        raise FieldProblem(f'has {kind_of(value)} as its "kinds", which must be a list')
    for kind in value:
        if type(kind) is not str or kind not in KINDS:
            raise FieldProblem(f"has the kind {short(kind)}; a kind is {_KIND_CHOICES}")
    return list(dict.fromkeys(value)) if len(value) > 1 else value


def text_field(value: Any, key: str) -> str:
    if type(value) is not str:
        raise FieldProblem(f'has {kind_of(value)} as its "{key}", which must be text')
    if len(value) > MAX_TEXT:
        raise FieldProblem(f'has {article(key)} "{key}" of {len(value):,} characters, more than {MAX_TEXT:,}')
    return value


def optional_text(value: Any, key: str) -> str | None:
    return None if value is None else text_field(value, key)


def coordinate(value: Any, key: str) -> float | None:
    if value is None:
        return None
    if type(value) is not float and type(value) is not int:
        raise FieldProblem(f'has {kind_of(value)} as its "{key}", which must be a finite number')
    if not -MAX_COORDINATE <= value <= MAX_COORDINATE:
        bounds = f"the allowed {-MAX_COORDINATE:,} to {MAX_COORDINATE:,}"
        raise FieldProblem(f'has {article(key)} "{key}" of {short(value)}, outside {bounds}')
    return float(value)


def size(value: Any, key: str) -> float:
    if type(value) is not float and type(value) is not int:
        raise FieldProblem(f'has {kind_of(value)} as its "{key}", which must be a finite number')
    if value > MAX_COORDINATE:
        bound = f"the allowed maximum {MAX_COORDINATE:,}"
        raise FieldProblem(f'has {article(key)} "{key}" of {short(value)}, outside {bound}')
    if value <= 0:
        raise FieldProblem(f'has {article(key)} "{key}" of {short(value)}; sizes must be above 0')
    return float(value)


def route(value: Any) -> list[tuple[float, float]] | None:
    """An edge's drawn path: None, or at least two ``[x, y]`` points within the coordinate limits."""
    if value is None:
        return None
    if (
        type(value) is not list
        or len(value) < 2
        or not all(type(point) is list and len(point) == 2 for point in value)
        or not all(type(n) in _POINT_TYPES and -MAX_COORDINATE <= n <= MAX_COORDINATE for p in value for n in p)
    ):
        raise FieldProblem(
            f'has {short(value)} as its "route", which must be a list of at least two [x, y] points, '
            f"each a number within ±{MAX_COORDINATE:,}"
        )
    return [(float(x), float(y)) for x, y in value]


def depth_exceeds(value: Any, limit: int) -> bool:
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


def short(value: Any) -> str:
    """A value as JSON, cut short so that a message stays one readable line."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def kind_of(value: Any) -> str:
    return _JSON_TYPE.get(type(value), type(value).__name__)


def article(key: str) -> str:
    """The article for a field name as it is read aloud ("an x", "an id", "a width")."""
    return "an" if key[0] in "aeioux" or key == "id" else "a"
