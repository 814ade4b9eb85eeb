"""Open any diagram file the program understands, choosing the reader by the file's extension."""

from __future__ import annotations

import os
import stat

from diagrammer.io.errors import LoadError, os_error_reason
from diagrammer.io.formats import NATIVE, for_path
from diagrammer.model.document import Document


def load_path(path: str | os.PathLike[str]) -> Document:
    """Read a diagram with the reader of the format its extension names (the table in
    :mod:`diagrammer.io.formats`: Graphviz DOT for ``.dot`` and ``.gv``), the native JSON format
    otherwise.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    Document

    Raises
    ------
    LoadError
        The only error raised: one sentence naming the file and the reason (missing file, a
        folder, permission denied, or content that cannot be read).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.json").write_text('{"format": "diagrammer", "version": 1, "title": "A"}')
    >>> load_path(folder / "a.json").title
    'A'
    >>> load_path(folder / "missing.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    diagrammer.io.errors.LoadError: Cannot open "...missing.json": there is no such file.
    """
    return load_path_with_notices(path)[0]


def load_path_with_notices(path: str | os.PathLike[str]) -> tuple[Document, list[str]]:
    """Like :func:`load_path`, with the notices a user should see (e.g. a DOT file's second graph
    was not imported).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two.gv"
    >>> _ = path.write_text("digraph { a } digraph { b }")
    >>> load_path_with_notices(path)[1]
    ['The file holds 2 graphs; only the first was imported.']
    """
    name = os.fspath(path)
    file_format = for_path(name)
    if file_format is None or file_format.reader is None or file_format is NATIVE:
        # The native reader gives its own sentences for every failure.
        return NATIVE.read_with_notices(name)
    _check_readable(name)
    what = file_format.name.upper()
    try:
        # The table imports a reader only when it is used: opening a native file never loads DOT's.
        return file_format.read_with_notices(name)
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError(name, f"it is nested too deeply to read as {what}") from exc
    except Exception as exc:  # noqa: BLE001 - a reader's unexpected failure is still "cannot open"
        raise LoadError(name, f"it could not be read as {what} ({type(exc).__name__}: {exc})") from exc


def _check_readable(name: str) -> None:
    """Give missing files and folders the same sentences for every format as for native files."""
    try:
        info = os.stat(name)
    except OSError as exc:
        raise LoadError(name, os_error_reason(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(name, "it is a folder, not a file")
    if not os.access(name, os.R_OK):
        raise LoadError(name, "permission was denied")
