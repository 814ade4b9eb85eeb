"""``diagrammer layout FILE -o OUT [--engine auto|dot|builtin]``: lay a diagram out and save it.

OUT's extension picks the format: ``.dot``/``.gv`` for Graphviz DOT (which keeps no positions,
so that is only useful to check the file), anything else for the native JSON. Exit status 0 on
success, 2 when the input cannot be read, the output cannot be written or the engine asked for
fails; then one line on stderr says why, never a traceback. Qt is started offscreen only to
measure the boxes as the editor draws them, so that the saved layout has no overlaps on screen.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_FAILED = 2


def run_layout(path: str, out: str, engine: str = "auto") -> int:
    """Lay out the diagram at ``path`` with ``engine`` and save it to ``out``; return the exit status.

    Parameters
    ----------
    path
        A native ``.json`` file, or a ``.dot``/``.gv`` file.
    out
        Where to save: DOT for ``.dot``/``.gv``, native JSON otherwise (written atomically).
    engine
        ``"auto"`` (Graphviz when installed and the diagram is not too big, else built-in),
        ``"dot"`` or ``"builtin"``.

    Returns
    -------
    int
        0 when saved, 2 otherwise (with one line on stderr).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.gv").write_text("digraph { a -> b }")
    >>> run_layout(str(folder / "in.gv"), str(folder / "out.diagram.json"), engine="builtin")
    0
    """
    try:
        from diagrammer.io.errors import LoadError, SaveError
        from diagrammer.io.files import load_path
        from diagrammer.layout import LayoutError, layout_document

        try:
            doc = load_path(path)
            layout_document(doc, engine=engine, sizes=_measured(doc))
            _save(doc, out)
        except (LoadError, SaveError) as exc:
            return _fail(str(exc))
        except LayoutError as exc:
            return _fail(f'Cannot lay out "{path}": {exc}')
    except Exception as exc:  # noqa: BLE001 - the contract is one line on stderr, never a traceback
        return _fail(f'Cannot lay out "{path}": {type(exc).__name__}: {exc}')
    return EXIT_OK


def _measured(doc):
    """The sizes the boxes are drawn at (Qt measures the text, offscreen); the file's without Qt."""
    try:
        from diagrammer.ui.layout_sizes import measured_sizes
    except ImportError:
        return None
    return measured_sizes(doc)


def _save(doc, out: str) -> None:
    if out.lower().endswith((".dot", ".gv")):
        from diagrammer.io.dot import write_dot

        write_dot(doc, out)
    else:
        from diagrammer.io.native import save_document

        save_document(doc, out)


def _fail(message: str) -> int:
    print(f"diagrammer: {' '.join(message.splitlines())}", file=sys.stderr)
    return EXIT_FAILED
