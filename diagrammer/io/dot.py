"""Graphviz DOT import (and, from :mod:`diagrammer.io.dot_export`, export).

Import follows format.md §2: clusters become containers (named by their label, else by their
name without the ``cluster`` prefix), nodes become nodes (named by their label, else by their
DOT name), edges become ``link`` edges unless they carry ``kind=optimizes``, and ``lhead``/``ltail``
attach an edge to the cluster's container. What a file means is decided as Graphviz decides it
(see :mod:`diagrammer.io.dot_grammar` and :mod:`diagrammer.io.dot_parse`); whatever Graphviz
refuses is refused with one sentence, and no nesting depth is refused.

Our own fields travel as attributes Graphviz ignores (``diagrammer_id``, ``kinds``,
``designed_by_humans``, ``goal``, ``notes``, edge ``kind``...), so a file we exported comes back
with its ids and fields. Imported documents have no positions: they are laid out when opened.

Examples
--------
>>> doc = reads_dot('digraph { subgraph cluster_lab { label="Lab"; sgd -> net [kind=optimizes] } }')
>>> [(n.id, n.name, n.parent) for n in doc.nodes.values()]
[('c1', 'Lab', None), ('n1', 'sgd', 'c1'), ('n2', 'net', 'c1')]
>>> [(e.source, e.target, e.kind) for e in doc.edges.values()]
[('n1', 'n2', 'optimizes')]
"""

from __future__ import annotations

import os
import shutil
import subprocess

from diagrammer.io.dot_convert import DotImport, convert
from diagrammer.io.dot_export import dumps_dot, write_dot
from diagrammer.io.dot_grammar import DotSyntaxError, has_comments, parse_graphs
from diagrammer.io.dot_parse import build_graph
from diagrammer.io.errors import LoadError
from diagrammer.io.reading import read_bounded
from diagrammer.model.document import Document

__all__ = [
    "DotImport", "dumps_dot", "parse_dot", "read_dot", "read_dot_import", "read_dot_with_notices", "reads_dot",
    "reads_dot_with_notices", "write_dot",
]  # fmt: skip

MAX_DOT_BYTES = 64 * 1024 * 1024
GRAPHVIZ_CHECK_TIMEOUT = 10.0


def read_dot(path: str | os.PathLike[str]) -> Document:
    """Read a Graphviz DOT file as a document.

    Parameters
    ----------
    path
        The ``.dot``/``.gv`` file; UTF-8, or Latin-1 when it is not valid UTF-8.

    Returns
    -------
    Document
        Without positions (``x``/``y`` are ``None``); lay it out before drawing it.

    Raises
    ------
    LoadError
        The only error raised: one sentence naming the file and the reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.gv"
    >>> _ = path.write_text("digraph { a -> b }")
    >>> sorted(n.name for n in read_dot(path).nodes.values())
    ['a', 'b']
    """
    return read_dot_with_notices(path)[0]


def read_dot_with_notices(path: str | os.PathLike[str]) -> tuple[Document, list[str]]:
    """Like :func:`read_dot`, with the notices a user should see (e.g. "only the first graph").

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two.gv"
    >>> _ = path.write_text("digraph { a } digraph { b }")
    >>> doc, notices = read_dot_with_notices(path)
    >>> notices
    ['The file holds 2 graphs; only the first was imported.']
    """
    result = read_dot_import(path)
    return result.document, result.notices


def read_dot_import(path: str | os.PathLike[str]) -> DotImport:
    """Read a DOT file: the document, the notices and where each node came from (see :func:`parse_dot`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.gv"
    >>> _ = path.write_text('digraph { subgraph cluster_x { a [label="A"] } }')
    >>> read_dot_import(path).dot_names
    {'c1': 'cluster_x', 'n1': 'a'}
    """
    name = os.fspath(path)
    too_large = f"it is larger than the {MAX_DOT_BYTES // (1024 * 1024)} MB this program imports"
    return parse_dot(_decode(read_bounded(name, MAX_DOT_BYTES, too_large), name), name)


def reads_dot(text: str, name: str = "<string>") -> Document:
    """Read DOT text as a document; ``name`` is the file name that messages quote.

    Examples
    --------
    >>> reads_dot("graph { a -- b }").edges["e1"].kind
    'link'
    """
    return parse_dot(text, name).document


def reads_dot_with_notices(text: str, name: str = "<string>") -> tuple[Document, list[str]]:
    """Like :func:`reads_dot`, with the notices.

    Examples
    --------
    >>> doc, notices = reads_dot_with_notices("digraph { a -> b [lhead=cluster_x] }")
    >>> notices
    ['lhead="cluster_x" was ignored, as Graphviz ignores it: "b" is not inside such a cluster.']
    """
    result = parse_dot(text, name)
    return result.document, result.notices


def parse_dot(text: str, name: str = "<string>") -> DotImport:
    """Read DOT text: the document, the notices and where each node came from.

    Raises
    ------
    LoadError
        For any text Graphviz would refuse (and for any failure of ours); never another exception.

    Examples
    --------
    >>> result = parse_dot('digraph { "a:b":p1 -> c }')
    >>> result.dot_names
    {'n1': 'a:b', 'n2': 'c'}
    """
    try:
        try:
            graphs = parse_graphs(text)
        except DotSyntaxError as exc:
            raise LoadError(name, _syntax_reason(text, str(exc))) from exc
        if not graphs:
            only = ", only comments" if has_comments(text) else ""
            raise LoadError(name, f"it contains no graph{only}")
        result = convert(build_graph(graphs[0]))
        if len(graphs) > 1:
            result.notices.insert(0, f"The file holds {len(graphs)} graphs; only the first was imported.")
        return result
    except LoadError:
        raise
    except MemoryError as exc:
        raise LoadError(name, "it is too large to fit in memory") from exc
    except Exception as exc:  # noqa: BLE001 - the promise is "only LoadError", even for a bug of ours
        raise LoadError(name, f"it could not be read as DOT ({type(exc).__name__}: {exc})") from exc


# ----- reading ----------------------------------------------------------------------------------

_WIDE_FORMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"),
)  # fmt: skip


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte order mark), else Latin-1, as Graphviz reads files."""
    head = data[:4]
    form = next((form for mark, form in _WIDE_FORMS if head.startswith(mark)), None)
    if form is None and len(head) == 4 and head.count(0) == 3:
        form = "UTF-32"  # without a byte order mark: one ASCII byte and three zeros
    elif form is None and len(head) == 4 and (head[1] == head[3] == 0 or head[0] == head[2] == 0):
        form = "UTF-16"
    if form is not None:
        raise LoadError(name, f"it is {form} text, but DOT files are read as UTF-8 or Latin-1")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Graphviz's own test graphs include Latin-1 files; every byte string is valid Latin-1.
        return data.decode("latin-1")


def _syntax_reason(text: str, ours: str) -> str:
    """The reason for refused text, checked against Graphviz's own reading where it is installed."""
    dot = shutil.which("dot")
    if dot is None:
        return f"it is not valid DOT ({ours})"
    try:
        proc = subprocess.run(
            [dot, "-Tcanon", "-o", os.devnull],
            input=text.encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=GRAPHVIZ_CHECK_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError):
        return f"it is not valid DOT ({ours})"
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("Error:"):
            message = line[len("Error:") :].strip()
            message = message.removeprefix("<stdin>:").strip()
            return f"Graphviz cannot read it ({message})"
    return f"the DOT reader cannot read it, although Graphviz can ({ours})"
