"""XML that every parser accepts: characters XML 1.0 forbids made visible instead.

Names may hold control characters (typed, pasted, or imported from DOT); XML 1.0 allows none of
them but tab, line feed and carriage return, neither raw nor as ``&#27;``. Qt's SVG writer copies
them through, which makes the file unreadable for browsers and Inkscape. Each such character
becomes its Unicode "control picture" (ESC -> U+241B) so the reader still sees what was there;
U+FFFE, U+FFFF and lone surrogates become U+FFFD.

Examples
--------
>>> xml_safe('<text>a\\x1bb&#7;c</text>'.encode())
b'<text>a\\xe2\\x90\\x9bb\\xe2\\x90\\x87c</text>'
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_REFERENCE = re.compile(r"&#(?:x([0-9A-Fa-f]+)|([0-9]+));")


def _picture(char: str) -> str:
    code = ord(char)
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def _allowed(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _reference(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa else int(decimal)
    if _allowed(code):
        return match.group()
    return _picture(chr(code)) if code < 0x20 else "\ufffd"


def xml_safe(data: bytes) -> bytes:
    """UTF-8 XML ``data`` with every character XML 1.0 forbids, raw or referenced, replaced visibly."""
    text = data.decode("utf-8", "surrogatepass")
    text = _FORBIDDEN.sub(lambda m: _picture(m.group()), text)
    text = _REFERENCE.sub(_reference, text)
    return text.encode("utf-8")
