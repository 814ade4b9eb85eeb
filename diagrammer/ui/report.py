"""A report for writers: the picture, every box's labels with their explanations, and the problems,
as one HTML file (the picture inside it) or Markdown (the picture as a PNG next to it).

File -> Export Report in the editor and ``diagrammer report FILE -o OUT`` both write it from here.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from diagrammer.io.atomic import write_atomic
from diagrammer.io.errors import SaveError
from diagrammer.io.formats import by_name
from diagrammer.model import Document
from diagrammer.rules import Classification, classify, display_name, display_order
from diagrammer.ui.export import ExportOptions, build_export_scene, check_fonts, render_png
from diagrammer.ui.panels import problem_subject

REPORT_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
FILTERS = {"html": "Web page, picture inside (*.html)", "md": "Markdown, picture beside it (*.md)"}
PICTURE_SCALE = 2.0


def report_format(path: str | Path) -> str | None:
    """``html`` or ``md`` from the file's extension, else None."""
    return REPORT_FORMATS.get(Path(path).suffix.lower())


def picture_png(doc: Document) -> bytes:
    """The diagram as the PNG export draws it (with its legend), at twice the size for sharp screens."""
    check_fonts()
    scene, rect = build_export_scene(doc, ExportOptions(format="png", scale=PICTURE_SCALE, legend=True))
    return render_png(scene, rect, ExportOptions(format="png", scale=PICTURE_SCALE))


def report_sections(doc: Document, result: Classification) -> tuple[list[tuple[str, list[tuple[str, str]]]],
                                                                    list[tuple[str, str]]]:
    """Per box (document order): its name and its ``(label name, explanation)`` pairs by meaning;
    then each problem's ``(message, what it involves)``."""
    boxes = []
    for node_id, node in doc.nodes.items():
        labels = display_order(result.labels.get(node_id, []))
        explained = [(display_name(label), result.explanations.get(node_id, {}).get(label, "")) for label in labels]
        boxes.append((node.name or node_id, explained))
    problems = [(problem.message, problem_subject(problem, doc)) for problem in result.problems]
    return boxes, problems


def title_of(doc: Document, path: str | Path) -> str:
    return doc.title or Path(path).name.split(".")[0] or "Diagram"


def html_report(doc: Document, result: Classification, picture: bytes, title: str) -> str:
    esc = html.escape
    boxes, problems = report_sections(doc, result)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{esc(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45;padding:0 1em}"
           "img{max-width:100%;height:auto}dt{font-weight:bold;margin-top:.6em}"
           ".none{color:#5f6368;font-style:italic}</style>",
           "</head><body>", f"<h1>{esc(title)}</h1>",
           f'<p><img alt="{esc("Diagram: " + title)}" src="data:image/png;base64,'
           f'{base64.b64encode(picture).decode("ascii")}"></p>',
           "<h2>Labels</h2>"]
    for name, explained in boxes:
        out.append(f"<h3>{esc(name)}</h3>")
        if not explained:
            out.append('<p class="none">No label.</p>')
            continue
        out.append("<dl>")
        for label, explanation in explained:
            out.append(f"<dt>{esc(label)}</dt><dd>{esc(explanation)}</dd>")
        out.append("</dl>")
    out.append("<h2>Problems</h2>")
    if problems:
        out.append("<ul>")
        out += [f"<li>{esc(subject)}: {esc(message)}</li>" for message, subject in problems]
        out.append("</ul>")
    else:
        out.append('<p class="none">No problems.</p>')
    out.append("<p><small>Made with Diagrammer.</small></p></body></html>")
    return "\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md_escape(text: str) -> str:
    """Text that Markdown shows literally (names may hold ``*``, ``_``, ``<`` or ``#``)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_report(doc: Document, result: Classification, picture_name: str, title: str) -> str:
    boxes, problems = report_sections(doc, result)
    out = [f"# {md_escape(title)}", "", f"![Diagram: {md_escape(title)}]({picture_name})", "", "## Labels", ""]
    for name, explained in boxes:
        out += [f"### {md_escape(name)}", ""]
        if not explained:
            out += ["*No label.*", ""]
        for label, explanation in explained:
            out += [f"- **{md_escape(label)}**: {md_escape(explanation)}"]
        if explained:
            out.append("")
    out += ["## Problems", ""]
    out += [f"- {md_escape(subject)}: {md_escape(message)}" for message, subject in problems] or ["*No problems.*"]
    return "\n".join(out) + "\n"


def write_report(doc: Document, out: str | Path, result: Classification | None = None) -> list[Path]:
    """Write the report to ``out`` (``.html`` or ``.md``); returns the files written.

    Raises :class:`SaveError` with one sentence when the format is unknown or a file cannot be written.
    """
    out = Path(out)
    fmt = report_format(out)
    if fmt is None:
        raise SaveError(f'Cannot tell the report format of "{out.name}": name it .html or .md.')
    result = result if result is not None else classify(doc)
    picture = picture_png(doc)
    title = title_of(doc, out)
    if fmt == "html":
        write_atomic(str(out), html_report(doc, result, picture, title).encode("utf-8"))
        return [out]
    picture_path = out.with_name(out.name.rsplit(".", 1)[0] + by_name("png").default_extension)
    write_atomic(str(picture_path), picture)
    write_atomic(str(out), markdown_report(doc, result, picture_path.name, title).encode("utf-8"))
    return [out, picture_path]


def run_report_dialog(window) -> str | None:
    """File -> Export Report: ask where (HTML or Markdown), then write it; returns the path or None."""
    from diagrammer.ui import dialogs
    from diagrammer.ui.export_dialog import diagram_stem

    if window.path:
        folder = Path(window.path).parent
    else:
        folder = Path(str(QSettings().value("export/folder", str(Path.home()))))
    start = str(folder / f"{diagram_stem(window.path)}-report.html")
    path, selected = QFileDialog.getSaveFileName(window, "Export report", start, ";;".join(FILTERS.values()),
                                                 FILTERS["html"])
    if not path:
        return None
    if report_format(path) is None:
        path += ".md" if selected == FILTERS["md"] else ".html"
    try:
        written = write_report(window.document, path, window.editor.result)
    except SaveError as exc:
        dialogs.error(window, "Cannot export the report", str(exc))
        return None
    QSettings().setValue("export/folder", str(Path(path).parent))
    window.statusBar().showMessage("Wrote " + " and ".join(p.name for p in written), 6000)
    return path
