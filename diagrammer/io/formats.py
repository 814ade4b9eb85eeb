"""The table of file formats: every format the program reads or writes, in one place.

The command line (``export --format``, the format an output's extension names) and the file
dialogs read this table; adding a format means adding a row here and writing its reader or writer.
Readers and writers are named as ``"module:function"`` and imported only when used, so that this
table costs nothing to import and a picture writer (Qt) is never loaded by a headless command.

A reader is called as ``reader(path) -> Document``; a writer as ``writer(doc, path)``. Opening a
file in the editor or a command asks the optional ``notices_reader(path) -> (Document, notices)``
for the sentences a user should see (e.g. "only the first graph was imported"). Pictures are drawn
by the editor's scene: their writer is ``export_document(doc, path, ExportOptions)``. The Open
dialog lists the readable formats (:func:`open_filters`), Save As the formats that keep a whole
diagram (:func:`save_filters`); File -> Export lists every writable format but the native one
(:func:`export_formats`), pictures with the picture options.

Examples
--------
>>> for_path("notes/Plan.GV").name
'dot'
>>> by_name("json").dialog_filter
'Diagrammer diagram (*.diagram.json *.json)'
>>> [f.name for f in FORMATS if f.writer]
['json', 'dot', 'png', 'svg', 'pdf']
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FileFormat:
    """One file format: its command-line name, what a dialog calls it, its extensions (the first
    is the one added to a name without one), and its reader and writer (``"module:function"``,
    or None when the program cannot read or write it)."""

    name: str
    title: str
    extensions: tuple[str, ...]
    reader: str | None
    writer: str | None
    picture: bool = False  # drawn by the editor's scene (needs Qt), with the export options
    notices_reader: str | None = None  # like reader, also giving the notices: (Document, list of sentences)
    note: str = ""  # what the Export dialog adds to the title, e.g. "vector"
    saves: bool = False  # Save and Save As write it: it keeps the whole diagram, read back as it was saved

    @property
    def dialog_filter(self) -> str:
        """The filter a file dialog lists, e.g. ``"PNG image (*.png)"``."""
        return f"{self.title} ({' '.join('*' + extension for extension in self.extensions)})"

    @property
    def default_extension(self) -> str:
        return self.extensions[0]

    def read(self, path: str | os.PathLike[str]) -> Any:
        """The document in ``path``, read by this format's reader."""
        if self.reader is None:
            raise ValueError(f"{self.title} files cannot be opened")
        return _resolve(self.reader)(path)

    def read_with_notices(self, path: str | os.PathLike[str]) -> tuple[Any, list[str]]:
        """The document in ``path`` and the notices its reader gave (none when it gives none)."""
        if self.notices_reader is not None:
            return _resolve(self.notices_reader)(path)
        return self.read(path), []

    def write(self, doc: Any, path: str | os.PathLike[str], *args: Any) -> None:
        """Write ``doc`` to ``path`` with this format's writer (pictures take ``ExportOptions`` too)."""
        if self.writer is None:
            raise ValueError(f"{self.title} files cannot be written")
        _resolve(self.writer)(doc, path, *args)


FORMATS: tuple[FileFormat, ...] = (
    FileFormat("json", "Diagrammer diagram", (".diagram.json", ".json"),
               "diagrammer.io.native:load_document", "diagrammer.io.native:save_document", saves=True),
    FileFormat("dot", "Graphviz DOT", (".dot", ".gv"), "diagrammer.io.dot:read_dot", "diagrammer.io.dot:write_dot",
               notices_reader="diagrammer.io.dot:read_dot_with_notices", note="nesting as clusters"),
    FileFormat("png", "PNG image", (".png",), None, "diagrammer.ui.export:export_document", picture=True),
    FileFormat("svg", "SVG drawing", (".svg",), None, "diagrammer.ui.export:export_document", picture=True,
               note="text kept as text"),
    FileFormat("pdf", "PDF document", (".pdf",), None, "diagrammer.ui.export:export_document", picture=True,
               note="vector"),
)  # fmt: skip

NATIVE = FORMATS[0]


def by_name(name: str) -> FileFormat:
    """The format called ``name`` on the command line (``KeyError`` when there is none)."""
    for file_format in FORMATS:
        if file_format.name == name:
            return file_format
    raise KeyError(name)


def for_path(path: str | os.PathLike[str]) -> FileFormat | None:
    """The format ``path``'s extension names (case ignored), or None when none does."""
    lowered = os.fspath(path).lower()
    for file_format in FORMATS:
        if lowered.endswith(file_format.extensions):
            return file_format
    return None


def names(*, writable: bool = False, readable: bool = False) -> tuple[str, ...]:
    """The command-line names of the formats, only those that can be written or read if asked."""
    return tuple(f.name for f in FORMATS if (f.writer or not writable) and (f.reader or not readable))


def open_filters() -> str:
    """The filters of an Open dialog: every readable format, each one alone, then all files."""
    readable = [f for f in FORMATS if f.reader]
    patterns = " ".join("*" + extension for f in readable for extension in f.extensions)
    return ";;".join([f"Diagrams ({patterns})", *(f.dialog_filter for f in readable), "All files (*)"])


def save_filters() -> str:
    """The filters of the Save As dialog: every format that Save writes, the native one first.

    >>> save_filters()
    'Diagrammer diagram (*.diagram.json *.json)'
    """
    return ";;".join(f.dialog_filter for f in FORMATS if f.saves)


def saving_format(path: str | os.PathLike[str]) -> FileFormat | None:
    """The format Save writes ``path`` in: the one its extension names when Save writes that one,
    else None (Save then asks where, as Save As).

    >>> saving_format("a/Plan.diagram.json").name, saving_format("a/plan.gv")
    ('json', None)
    """
    file_format = for_path(path)
    return file_format if file_format is not None and file_format.saves else None


def strip_extension(name: str) -> str:
    """``name`` without the extension of a format of the table (the longest that matches, case
    ignored); a name with none comes back whole.

    >>> strip_extension("Plan.Diagram.JSON"), strip_extension("g.gv"), strip_extension("notes.txt")
    ('Plan', 'g', 'notes.txt')
    """
    lowered = name.lower()
    matches = [e for f in FORMATS for e in f.extensions if lowered.endswith(e) and len(name) > len(e)]
    return name[: -len(max(matches, key=len))] if matches else name


def export_formats() -> tuple[FileFormat, ...]:
    """What File -> Export offers: every writable format but the native one (Save As writes that),
    the pictures first.

    >>> [f.name for f in export_formats()]
    ['png', 'svg', 'pdf', 'dot']
    """
    writable = [f for f in FORMATS if f.writer and f is not NATIVE]
    return tuple(sorted(writable, key=lambda f: not f.picture))


def readable_extensions() -> tuple[str, ...]:
    """Every extension a diagram file is opened by, longest first within a format (``.diagram.json``
    before ``.json``).

    >>> readable_extensions()
    ('.diagram.json', '.json', '.dot', '.gv')
    """
    return tuple(extension for f in FORMATS if f.reader for extension in f.extensions)


def _resolve(dotted: str) -> Callable[..., Any]:
    module, function = dotted.split(":")
    return getattr(importlib.import_module(module), function)
