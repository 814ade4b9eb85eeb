"""``diagrammer report FILE -o OUT.html|OUT.md``: the picture, every box's labels with their
explanations, and every problem, ready to paste into a post.

Qt draws the picture; with no display the offscreen platform is chosen here, before Qt starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run_report(path: Path, out: Path) -> int:
    """Write the report of the diagram at ``path`` to ``out``; 0 when written, 2 with one
    ``diagrammer: ...`` line on standard error otherwise."""
    from diagrammer.io.errors import LoadError, SaveError
    from diagrammer.io.files import load_path

    if Path(out).suffix.lower() not in (".html", ".htm", ".md", ".markdown"):
        print(f'diagrammer: cannot tell the report format of "{out}": name it .html or .md.', file=sys.stderr)
        return 2
    try:
        doc = load_path(str(path))
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from diagrammer.ui.app import make_application
        from diagrammer.ui.report import write_report

        make_application()
        write_report(doc, out)
    except (LoadError, SaveError) as exc:
        print(f"diagrammer: {exc}", file=sys.stderr)
        return 2
    return 0
