"""``diagrammer export FILE -o OUT``: a picture (PNG, SVG, PDF), DOT, or native JSON.

The format is ``--format``'s, else the one OUT's extension names (see :mod:`diagrammer.io.formats`).
Pictures need Qt, which is imported only for them; with no display the offscreen platform is
chosen here, before Qt starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from diagrammer.commands.contract import EXIT_CLEAN, CommandError, command
from diagrammer.io import formats


@command("export")
def run_export(path: str | Path, out: str | Path, fmt: str | None = None, scale: float = 2.0,
               transparent: bool = False, legend: bool = True) -> int:
    """Read the diagram at ``path`` and write it to ``out`` in the format asked for or named by
    ``out``'s extension; return the exit status (0, or 2 after one line on stderr)."""
    from diagrammer.io import load_path

    chosen = formats.by_name(fmt) if fmt else formats.for_path(out)
    if chosen is None or chosen.writer is None:
        choices = ", ".join(formats.names(writable=True))
        raise CommandError(f'Cannot tell the format of "{os.fspath(out)}": use --format {choices}.')
    doc = load_path(path)
    if chosen.picture:
        _export_picture(doc, out, chosen, scale, transparent, legend)
        return EXIT_CLEAN
    if chosen is formats.NATIVE:
        from diagrammer.commands.layout import measured_sizes_or_none
        from diagrammer.layout import layout_document, needs_layout

        if needs_layout(doc):  # format.md: a file without positions is laid out first, at its drawn sizes
            layout_document(doc, sizes=measured_sizes_or_none(doc, fit=True))
    chosen.write(doc, out)
    return EXIT_CLEAN


def _export_picture(doc, out, chosen: formats.FileFormat, scale: float, transparent: bool, legend: bool) -> None:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from diagrammer.ui.app import make_application
    from diagrammer.ui.export import ExportOptions

    make_application()
    chosen.write(doc, os.fspath(out), ExportOptions(format=chosen.name, scale=scale, transparent=transparent,
                                                    legend=legend))
