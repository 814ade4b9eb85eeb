"""DOT text read as Graphviz's own grammar reads it: tokens, then statements.

A plain hand-written reader: one regular expression finds the tokens (as Graphviz's lexer does:
comments, ``#`` lines, quoted strings with ``\\"`` and line continuations, ``+`` joining quoted
strings, nested ``<...>`` HTML strings, numbers such as ``-.5``, keywords in any case) and a loop
with an explicit stack of open subgraphs follows Graphviz's grammar, so nesting depth costs no
Python recursion and memory stays a small multiple of the text. What Graphviz refuses is refused
with Graphviz's own words: ``syntax error in line 3 near ';'``.

Statements keep the raw tokens of attribute values (quotes and ``<...>`` included), which
:mod:`diagrammer.io.dot_text` turns into text; node, subgraph and graph names are unquoted here.

Examples
--------
>>> [graph] = parse_graphs('digraph G { a -> b [label="x"]; subgraph cluster_s { c } }')
>>> graph.name, graph.directed, graph.body[0]
('G', True, ('edge', [('a',), ('b',)], {'label': '"x"'}))
>>> graph.body[1][1].name, graph.body[1][1].body
('cluster_s', [('node', ('c',), {})])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from diagrammer.io.dot_text import unquote

_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
# One match per token: blanks and comments before it (possessive, so that a failure never backtracks
# into a comment), then the token; the group that matched says its kind.
_TOKEN = re.compile(
    r"""(?:[ \t\r\n\f\v]|//[^\n]*+|(?<![^\n])\#[^\n]*+|/\*.*?\*/)*+
      (?:("(?:[^"\\]|\\.)*+")
        |(->|--)
        |(-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))
        |([A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*)
        |([{}\[\];,:=+])
        |(<)
        |(/\*|")
        |(\Z))""",
    re.S | re.X,
)
_STR, _OP, _NUM, _WORD, _PUNCT, _HTML, _OPEN, _END = range(1, 9)
_BLANKS = re.compile(r"(?:[ \t\r\n\f\v]|//[^\n]*+|(?<![^\n])\#[^\n]*+|/\*.*?\*/)*+", re.S)
# The common attribute list, ``[a=1, b="x"]`` without comments, HTML or "+", read in one match.
_ID = (
    r"""(?:[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*+(?![0-9.])"""
    r"""|(?>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))(?![A-Za-z_\x80-\U0010ffff.])"""
    r"""|"(?:[^"\\]|\\.)*+")"""
)
_SPACE = r"[ \t\r\n]*+"
_FAST_LIST = re.compile(rf"\[{_SPACE}(?:{_ID}{_SPACE}={_SPACE}{_ID}{_SPACE}[,;]?{_SPACE})*\]", re.S)
_FAST_PAIR = re.compile(rf"({_ID}){_SPACE}={_SPACE}({_ID})", re.S)
# The common statement, ``a [..];`` or ``a -> b [..];``, in one match; anything else (chains, ports,
# lists of nodes, comments inside, keywords) takes the token-by-token path.
_FAST_STATEMENT = re.compile(
    rf"{_BLANKS.pattern}({_ID}){_SPACE}(?:(->|--){_SPACE}({_ID}){_SPACE})?+({_FAST_LIST.pattern})?+{_BLANKS.pattern};?+"
    rf"{_BLANKS.pattern}(?![-:,=+\[])",
    re.S,
)
_COMMENT = re.compile(r"//|/\*|(?<![^\n])\#")
_CONTINUATION = re.compile(r"\\(\r?\n|.)", re.S)
_EOF = ("eof", "", -1)


class DotSyntaxError(Exception):
    """Text Graphviz would refuse; ``str()`` is Graphviz's own sentence, e.g. ``syntax error in line 1 near ';'``."""


@dataclass(eq=False)
class Subgraph:
    """One ``subgraph name { ... }`` or ``{ ... }``: its name (``""`` when anonymous) and statements.

    Statements are tuples: ``("node", (names...), attrs)``, ``("edge", [operands], attrs)`` where an
    operand is a tuple of node names or a :class:`Subgraph`, ``("sub", Subgraph)``,
    ``("attr", "graph"|"node"|"edge", attrs)`` and ``("set", attrs)`` for ``key=value``.
    """

    name: str
    body: list = field(default_factory=list)


@dataclass(eq=False)
class Graph:
    """One graph of a file: ``strict``, ``digraph`` or ``graph``, its name and its statements."""

    name: str
    directed: bool
    strict: bool
    body: list = field(default_factory=list)


def _joined(token: str) -> str:
    """A quoted string with its line continuations (backslash, line break) removed."""
    if token[0] == '"' and "\\" in token:
        return _CONTINUATION.sub(lambda m: "" if m.group(1)[-1] == "\n" else m.group(0), token)
    return token


def has_comments(text: str) -> bool:
    """Whether ``text`` holds a comment (used to say "only comments" of a file without a graph)."""
    return _COMMENT.search(text) is not None


def parse_graphs(text: str) -> list[Graph]:
    """Every graph of ``text``, in order.

    Raises
    ------
    DotSyntaxError
        For any text Graphviz's parser refuses, with Graphviz's sentence.

    Examples
    --------
    >>> parse_graphs("digraph { -.5 -> b }")[0].body
    [('edge', [('-.5',), ('b',)], {})]
    >>> parse_graphs("digraph { a; ; b }")
    Traceback (most recent call last):
    ...
    diagrammer.io.dot_grammar.DotSyntaxError: syntax error in line 1 near ';'
    """
    return _Parser(text).graphs()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.peeked: tuple[str, str, int] | None = None
        self.directed = True
        self._resume = 0
        self._tokens = self._lex(0)

    # ----- tokens ---------------------------------------------------------------------------------

    def _lex(self, pos: int) -> Iterator[tuple[str, str, int]]:
        """Tokens from ``pos`` as ``(kind, text, position)``; kinds: id, str, html, op, kw, eof, or the character."""
        text = self.text
        self._resume = pos
        scan = _TOKEN.scanner(text, pos).match
        while True:
            match = scan()
            if match is None:
                pos = _BLANKS.match(text, self._resume).end()
                raise self._error(pos, text[pos])
            kind = match.lastindex
            start = match.start(kind)
            self._resume = match.end()
            token = match.group(kind)
            if kind == _WORD:
                lowered = token.lower()
                yield ("kw", lowered, start) if lowered in _KEYWORDS else ("id", token, start)
            elif kind == _PUNCT:
                yield token, token, start
            elif kind == _NUM:
                yield "id", token, start
            elif kind == _STR:
                if "\\" in token:
                    token = _CONTINUATION.sub(lambda m: "" if m.group(1)[-1] == "\n" else m.group(0), token)
                yield "str", token, start
            elif kind == _OP:
                yield "op", token, start
            elif kind == _HTML:
                end = self._html_end(start)
                yield "html", text[start:end], start
                scan = _TOKEN.scanner(text, end).match
                self._resume = end
            elif kind == _OPEN:
                what = "a /*...*/ comment (missing '*/'?)" if token == "/*" else "a quoted string (missing endquote?)"
                raise DotSyntaxError(f"syntax error in line {self._line(start)} scanning {what}")
            else:
                while True:
                    yield _EOF

    def _html_end(self, start: int) -> int:
        text, level, end = self.text, 0, start
        while True:
            opening = text.find("<", end)
            closing = text.find(">", end)
            if closing < 0:
                raise DotSyntaxError(f"syntax error in line {self._line(start)} scanning a HTML string (missing '>'?)")
            if 0 <= opening < closing:
                level, end = level + 1, opening + 1
            else:
                level, end = level - 1, closing + 1
                if level == 0:
                    return end

    def _next(self) -> tuple[str, str, int]:
        token = self.peeked
        if token is not None:
            self.peeked = None
            return token
        return next(self._tokens)

    def _peek(self) -> tuple[str, str, int]:
        if self.peeked is None:
            self.peeked = next(self._tokens)
        return self.peeked

    def _line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def _error(self, pos: int, near: str) -> DotSyntaxError:
        if pos < 0:
            return DotSyntaxError(f"syntax error in line {self._line(len(self.text))} near the end of the file")
        return DotSyntaxError(f"syntax error in line {self._line(pos)} near '{near}'")

    def _unexpected(self, token: tuple[str, str, int]) -> DotSyntaxError:
        return self._error(token[2], token[1])

    def _atom(self, token: tuple[str, str, int]) -> str:
        """The raw text of an ID, with ``"a" + "b"`` joined as Graphviz joins them."""
        kind, text, _ = token
        if kind == "str":
            while self._peek()[0] == "+":
                self._next()
                more = self._next()
                if more[0] != "str":
                    raise self._unexpected(more)
                text = text[:-1] + more[1][1:]
            return text
        if kind in ("id", "html"):
            return text
        raise self._unexpected(token)

    def _expect(self, kind: str) -> tuple[str, str, int]:
        token = self._next()
        if token[0] != kind:
            raise self._unexpected(token)
        return token

    # ----- grammar --------------------------------------------------------------------------------

    def graphs(self) -> list[Graph]:
        graphs = []
        while (token := self._next()) is not _EOF:
            graphs.append(self._graph(token))
        return graphs

    def _graph(self, token: tuple[str, str, int]) -> Graph:
        strict = token == ("kw", "strict", token[2])
        if strict:
            token = self._next()
        if token[0] != "kw" or token[1] not in ("graph", "digraph"):
            raise self._unexpected(token)
        self.directed = token[1] == "digraph"
        name = ""
        token = self._next()
        if token[0] != "{":
            name = unquote(self._atom(token))[0]
            self._expect("{")
        graph = Graph(name, self.directed, strict)
        self._body(graph.body)
        return graph

    def _body(self, body: list) -> None:
        """Statements up to the closing brace; open subgraphs wait on an explicit stack."""
        # A frame: the statement list around an open subgraph, and the operands of the
        # statement that the subgraph is an operand of.
        stack: list[tuple[list, list]] = []
        while True:
            if self.peeked is None and self._fast_statement(body):
                continue
            token = self._next()
            kind = token[0]
            if kind == "}":
                if not stack:
                    return
                body = self._after_operand(*stack.pop(), stack)
            elif kind == "{" or token == ("kw", "subgraph", token[2]):
                body = self._open_subgraph(token, body, [], stack)
            elif kind == "kw" and token[1] in ("graph", "node", "edge"):
                body.append(("attr", token[1], self._attr_lists(require=True)))
                self._semicolon()
            elif kind in ("id", "str", "html"):
                raw = self._atom(token)
                if self._peek()[0] == "=":
                    self._next()
                    body.append(("set", {unquote(raw)[0]: self._atom(self._next())}))
                    self._semicolon()
                else:
                    body = self._after_operand(body, [self._node_list(raw)], stack)
            else:
                raise self._unexpected(token)

    def _fast_statement(self, body: list) -> bool:
        """Read a plain node or single-edge statement in one match; False to take the usual path."""
        match = _FAST_STATEMENT.match(self.text, self._resume)
        if match is None:
            return False
        tail, op, head, listed = match.groups()
        if tail.lower() in _KEYWORDS or (head is not None and head.lower() in _KEYWORDS):
            return False
        if op is not None and (op == "->") != self.directed:
            return False  # the usual path gives Graphviz's error
        attrs: dict[str, str] = {}
        if listed and not self._pairs(listed, attrs):
            return False
        tail = unquote(_joined(tail))[0]
        if op is None:
            body.append(("node", (tail,), attrs))
        else:
            body.append(("edge", [(tail,), (unquote(_joined(head))[0],)], attrs))
        self._resume = match.end()
        self._tokens = self._lex(match.end())
        return True

    def _open_subgraph(self, token, body: list, operands: list, stack: list) -> list:
        """Open ``subgraph [name] {`` or ``{`` as the next operand; its statements come next."""
        name = ""
        if token[0] == "kw":
            token = self._next()
            if token[0] != "{":
                name = unquote(self._atom(token))[0]
                self._expect("{")
        sub = Subgraph(name)
        operands.append(sub)
        stack.append((body, operands))
        return sub.body

    def _after_operand(self, body: list, operands: list, stack: list) -> list:
        """After an operand: more ``-> operand``, then the statement's attributes and end.

        Returns the statement list to go on filling: ``body``, or the body of a subgraph that the
        next operand opens (the statement then waits on the stack until it closes).
        """
        while self._peek()[0] == "op":
            token = self._next()
            if (token[1] == "->") != self.directed:
                raise self._unexpected(token)
            token = self._next()
            if token[0] == "{" or token == ("kw", "subgraph", token[2]):
                return self._open_subgraph(token, body, operands, stack)
            operands.append(self._node_list(self._atom(token)))
        attrs = self._attr_lists(require=False)
        if len(operands) > 1:
            body.append(("edge", operands, attrs))
        elif isinstance(operands[0], Subgraph):
            body.append(("sub", operands[0]))
        else:
            body.append(("node", operands[0], attrs))
        self._semicolon()
        return body

    def _node_list(self, raw: str) -> tuple[str, ...]:
        if self._peek()[0] not in (",", ":"):
            return (unquote(raw)[0],)  # the common case; tuples of text cost the collector nothing
        names = [self._node(raw)]
        while self._peek()[0] == ",":
            self._next()
            names.append(self._node(self._atom(self._next())))
        return tuple(names)

    def _node(self, raw: str) -> str:
        """A node reference without its port: ``a:p1:n`` names ``a``."""
        for _ in range(2):
            if self._peek()[0] != ":":
                break
            self._next()
            self._atom(self._next())
        return unquote(raw)[0]

    def _fast_list(self, start: int, attrs: dict[str, str]) -> bool:
        """Read the attribute list at ``start`` in one match when it is a plain one; False otherwise."""
        match = _FAST_LIST.match(self.text, start)
        if match is None:
            return False
        if not self._pairs(match.group(), attrs):
            return False
        self.peeked = None
        self._resume = match.end()
        self._tokens = self._lex(match.end())
        return True

    @staticmethod
    def _pairs(listed: str, attrs: dict[str, str]) -> bool:
        """The ``key=value`` pairs of a plain attribute list into ``attrs``; False if a keyword stands as a name."""
        for key, value in _FAST_PAIR.findall(listed):
            if key.lower() in _KEYWORDS or value.lower() in _KEYWORDS:
                return False  # keywords are not names: the usual path gives Graphviz's error
            attrs[unquote(key)[0] if key[0] == '"' else key] = _joined(value) if value[0] == '"' else value
        return True

    def _attr_lists(self, require: bool) -> dict[str, str]:
        attrs: dict[str, str] = {}
        take, peek = self._next, self._peek
        if require and peek()[0] != "[":
            raise self._unexpected(take())
        while (token := peek())[0] == "[":
            if self._fast_list(token[2], attrs):
                continue
            take()
            while True:
                token = take()
                kind = token[0]
                if kind == "]":
                    break
                key = token[1] if kind == "id" else unquote(self._atom(token))[0]
                equals = take()
                if equals[0] != "=":
                    raise self._unexpected(equals)
                value = take()
                attrs[key] = value[1] if value[0] in ("id", "html") else self._atom(value)
                if peek()[0] in (",", ";"):
                    take()
        return attrs

    def _semicolon(self) -> None:
        if self._peek()[0] == ";":
            self._next()
