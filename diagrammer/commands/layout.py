"""``diagrammer layout FILE -o OUT [--engine auto|dot|builtin]``: lay a diagram out and save it.

OUT's extension picks the format (see :mod:`diagrammer.io.formats`): DOT keeps no positions, so
that is only useful to check the file; anything but a known format is saved as native JSON.
Exit status 0 on success, else 2 after one line on stderr. Qt is started offscreen only to
measure the boxes as the editor draws them, so that the layout has no overlaps on screen.
"""

from __future__ import annotations

from pathlib import Path

from diagrammer.commands.contract import EXIT_CLEAN, CommandError, command
from diagrammer.io import formats


@command("lay out")
def run_layout(path: str | Path, out: str | Path, engine: str = "auto") -> int:
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

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.gv").write_text("digraph { a -> b }")
    >>> run_layout(str(folder / "in.gv"), str(folder / "out.diagram.json"), engine="builtin")
    0
    """
    from diagrammer.io import load_path
    from diagrammer.layout import LayoutError, layout_document, needs_layout

    doc = load_path(path)
    try:
        # A file without positions (a DOT import) gets boxes as narrow as their names allow.
        layout_document(doc, engine=engine, sizes=measured_sizes_or_none(doc, fit=needs_layout(doc)))
    except LayoutError as exc:
        raise CommandError(f'Cannot lay out "{path}": {exc}') from None
    chosen = formats.for_path(out)
    if chosen is None or chosen.picture:
        chosen = formats.NATIVE
    chosen.write(doc, out)
    return EXIT_CLEAN


def measured_sizes_or_none(doc, fit: bool = False):
    """The sizes the boxes are drawn at (Qt measures the text, offscreen; with ``fit``, leaves as
    narrow as their names allow); None (the file's sizes) when Qt cannot be imported."""
    try:
        from diagrammer.ui.layout_sizes import measured_sizes
    except ImportError:
        return None
    return measured_sizes(doc, fit)
