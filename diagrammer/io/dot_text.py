r"""Text of DOT files: identifiers, quoted strings, label escapes, HTML and record labels.

The DOT reader hands identifiers and attribute values over exactly as written (quotes, ``<...>`` and
escapes included); these functions turn them into the plain text our documents hold, and back.

Two layers of escaping exist in DOT and both are undone here, in Graphviz's order: inside a quoted
string the lexer turns only ``\"`` into ``"``; label escapes (``\n``, ``\N``, ``\\``...) are applied
afterwards, to labels only. Our export writes every text as a quoted string with ``\\``, ``\"`` and
``\n`` escapes, which Graphviz and this module both read back exactly.

Examples
--------
>>> text, is_html = unquote(quote('say "hi"\nC:\\temp'))
>>> label_text(text, is_html)
'say "hi"\nC:\\temp'
"""

from __future__ import annotations

import html
import re

_ESCAPE = re.compile(r"\\(.)", re.S)
# ASCII only, so that the file reads the same in any tool that reads DOT.
_PLAIN_ID = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\Z")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})

# HTML-like labels: tags that start a new line or a new cell when reduced to plain text.
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z]+)[^>]*>", re.S)
_LINE_TAGS = frozenset({"br", "tr", "table", "hr"})
_CELL_TAGS = frozenset({"td", "vr"})
_RAW_BREAK = re.compile(r"[ \t]*[\r\n][\s]*")
_SPACES = re.compile(r"[ \t]+")


def unquote(token: str) -> tuple[str, bool]:
    """The text of one DOT identifier or value token, and whether it was an HTML string.

    Examples
    --------
    >>> unquote('"a:b"')
    ('a:b', False)
    >>> unquote("<<b>x</b>>")
    ('<b>x</b>', True)
    >>> unquote("plain")
    ('plain', False)
    """
    if len(token) >= 2 and token[0] == '"' and token[-1] == '"':
        # The DOT lexer knows one escape only, \" ; pairs are kept whole so that \\" stays \\".
        body = token[1:-1]
        if "\\" in body:
            body = _ESCAPE.sub(lambda m: '"' if m.group(1) == '"' else m.group(0), body)
        return body, False
    if len(token) >= 2 and token[0] == "<" and token[-1] == ">":
        return token[1:-1], True
    return token, False


def label_text(raw: str, is_html: bool, subst: dict[str, str] | None = None) -> str:
    """Plain text of a label as Graphviz shows it.

    ``subst`` maps escape letters to their text (``{"N": node name, "G": graph name}``); line
    escapes ``\\n``, ``\\l`` and ``\\r`` become line breaks, a final ``\\l`` or ``\\r`` (which only
    justifies the last line) is dropped, and any other ``\\x`` stands for ``x``.
    """
    if is_html:
        return html_text(raw)
    if raw.endswith(("\\l", "\\r")) and _odd_backslashes_before(raw, len(raw) - 1):
        raw = raw[:-2]
    if "\\" not in raw:
        return raw
    table = {"n": "\n", "l": "\n", "r": "\n", **(subst or {})}
    return _ESCAPE.sub(lambda m: table.get(m.group(1), m.group(1)), raw)


def _odd_backslashes_before(raw: str, index: int) -> bool:
    count = 0
    while index - count - 1 >= 0 and raw[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def value_text(raw: str, is_html: bool) -> str:
    """Plain text of one of our own attributes (``goal``, ``notes``...): ``\\\\``, ``\\"``, ``\\n``."""
    if is_html:
        return html_text(raw)
    if "\\" not in raw:
        return raw
    table = {"\\": "\\", '"': '"', "n": "\n"}
    return _ESCAPE.sub(lambda m: table.get(m.group(1), m.group(0)), raw)


def html_text(raw: str) -> str:
    """Plain text of an HTML-like label: tags dropped, line and cell tags as breaks, entities read.

    Examples
    --------
    >>> html_text("<b>bold</b> &amp; <i>text</i>")
    'bold & text'
    >>> html_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>")
    'a b\\nc'
    """
    # Line breaks in the source are layout of the file, not of the label (Graphviz ignores them).
    raw = _RAW_BREAK.sub(" ", raw)
    structured = False
    parts: list[str] = []
    last = 0
    for match in _TAG.finditer(raw):
        parts.append(html.unescape(raw[last : match.start()]))
        last = match.end()
        name = match.group(2).lower()
        if name in _LINE_TAGS:
            structured = structured or name != "br"
            parts.append("\n")
        elif name in _CELL_TAGS:
            structured = True
            parts.append(" ")
    parts.append(html.unescape(raw[last:]))
    text = "".join(parts)
    if structured:
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        text = "\n".join(line for line in lines if line)
    return text.strip()


def record_text(raw: str, subst: dict[str, str] | None = None) -> str:
    """Plain text of a record label: the fields' texts joined by ``" | "``, ports dropped.

    Examples
    --------
    >>> record_text("<In> Stand | | { <Normal> Normal | Target }")
    'Stand | Normal | Target'
    """
    fields: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\" and i + 1 < len(raw) and raw[i + 1] in "{}|<> ":
            current.append(raw[i + 1])
            i += 2
            continue
        if char == "\\" and i + 1 < len(raw):
            current.append(raw[i : i + 2])
            i += 2
            continue
        if char in "{}|":
            fields.append("".join(current))
            current = []
        elif char == "<":
            end = raw.find(">", i)
            i = len(raw) if end < 0 else end
        else:
            current.append(char)
        i += 1
    fields.append("".join(current))
    texts = (label_text(f.strip(), False, subst).strip() for f in fields)
    return " | ".join(t for t in texts if t)


def quote(text: str) -> str:
    r"""A DOT quoted string holding ``text`` exactly, for Graphviz labels and for our importer.

    Examples
    --------
    >>> print(quote('a "b"\nC:\\temp'))
    "a \"b\"\nC:\\temp"
    """
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if "\0" in body:
        # Graphviz ends a string at a NUL byte and then refuses the file; DOT has no escape for it.
        body = body.replace("\0", "\ufffd")
    return f'"{body}"'


def dot_id(text: str) -> str:
    """``text`` as a DOT identifier: bare when it is a plain word, else quoted."""
    if _PLAIN_ID.match(text) and text.lower() not in _KEYWORDS:
        return text
    return quote(text)
