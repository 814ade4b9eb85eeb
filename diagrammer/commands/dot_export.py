"""``diagrammer export FILE -o OUT.dot``: a diagram as a Graphviz DOT file.

Positions do not travel (Graphviz lays the file out itself), so no layout is needed first.
Exit status 0 on success, 2 when the input cannot be read or the output cannot be written; then
one line on stderr says why, never a traceback. Nothing here imports Qt.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_FAILED = 2


def run_export_dot(path: str, out: str) -> int:
    """Read the diagram at ``path`` (native JSON or DOT) and write it as DOT to ``out``.

    Returns
    -------
    int
        0 when written, 2 otherwise (with one line on stderr).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.json").write_text('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a"}]}')
    >>> run_export_dot(str(folder / "in.json"), str(folder / "out.dot"))
    0
    """
    try:
        from diagrammer.io.dot import write_dot
        from diagrammer.io.errors import LoadError, SaveError
        from diagrammer.io.files import load_path

        try:
            write_dot(load_path(path), out)
        except (LoadError, SaveError) as exc:
            return _fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - the contract is one line on stderr, never a traceback
        return _fail(f'Cannot export "{path}": {type(exc).__name__}: {exc}')
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"diagrammer: {' '.join(message.splitlines())}", file=sys.stderr)
    return EXIT_FAILED
