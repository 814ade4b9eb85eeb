"""``diagrammer export FILE -o OUT``: a picture (PNG, SVG, PDF), DOT, or native JSON.

Pictures need Qt, which is imported only for them; with no display the offscreen platform is
chosen here, before Qt starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

FORMATS = ("png", "svg", "pdf", "dot", "json")
_EXTENSIONS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".json": "json"}


def format_for(out: str, requested: str | None) -> str | None:
    """The format asked for, else the one ``out``'s extension names (None when neither says)."""
    if requested:
        return requested
    return _EXTENSIONS.get(Path(out).suffix.lower())


def run_export(path: str, out: str, fmt: str | None = None, scale: float = 2.0,
               transparent: bool = False, legend: bool = True) -> int:
    from diagrammer.io.errors import LoadError, SaveError
    from diagrammer.io.files import load_path

    chosen = format_for(out, fmt)
    if chosen is None:
        print(f"diagrammer: cannot tell the format of \"{out}\": use --format png, svg, pdf, dot or json.",
              file=sys.stderr)
        return 2
    try:
        doc = load_path(path)
        if chosen == "json":
            from diagrammer.io.native import save_document
            from diagrammer.layout import layout_document, needs_layout

            if needs_layout(doc):  # format.md: a file without positions is laid out first
                layout_document(doc)
            save_document(doc, out)
        elif chosen == "dot":
            from diagrammer.io.dot import write_dot

            write_dot(doc, out)
        else:
            _export_picture(doc, out, chosen, scale, transparent, legend)
    except (LoadError, SaveError) as exc:
        print(f"diagrammer: {exc}", file=sys.stderr)
        return 2
    return 0


def _export_picture(doc, out: str, fmt: str, scale: float, transparent: bool, legend: bool) -> None:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from diagrammer.ui.app import make_application
    from diagrammer.ui.export import ExportOptions, export_document

    make_application()
    export_document(doc, out, ExportOptions(format=fmt, scale=scale, transparent=transparent, legend=legend))
