"""The main window's file life cycle: open, save, the unsaved-changes prompt, and the recent files (a mixin)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from diagrammer.io import formats
from diagrammer.io.errors import LoadError, SaveError
from diagrammer.io.files import load_path_with_notices
from diagrammer.io.formats import open_filters
from diagrammer.model import Document
from diagrammer.paths import examples_dir
from diagrammer.ui import dialogs
from diagrammer.ui.background import Cancelled, run_with_progress
from diagrammer.ui.file_watch import focus, window_for_path

if TYPE_CHECKING:
    from diagrammer.ui.main_window import MainWindow

FILE_FILTER = open_filters()  # every readable format of the table in diagrammer.io.formats
MAX_RECENT = 10


def load_and_prepare(path: str, cancel) -> tuple[Document, list[str]]:
    """Read ``path`` and lay it out if it lacks positions (DOT imports, hand-written files);
    returns the document and the notices the reader gave."""
    from diagrammer.layout import LayoutCancelled, layout_document, needs_layout

    doc, notices = load_path_with_notices(path)
    if needs_layout(doc):
        try:
            layout_document(doc, cancel=cancel.is_set, sizes=_drawn_sizes_of(doc))
        except LayoutCancelled:
            pass  # the caller has stopped waiting for this result
    return doc, notices


def _drawn_sizes_of(doc: Document) -> dict[str, tuple]:
    """The sizes ``doc``'s boxes will be drawn at, labels included, so that the layout leaves no
    overlaps on screen; leaves as narrow as their names allow (the file has no positions).
    Measured with metrics of its own: this runs on the worker thread, and a ``QFontMetricsF``
    may be used by one thread only (Qt's fonts are reentrant, not shared)."""
    from diagrammer.rules import classify
    from diagrammer.ui.layout_sizes import sizes_of
    from diagrammer.ui.measure import QtMeasure

    containers = {node.parent for node in doc.nodes.values() if node.parent in doc.nodes}
    return sizes_of(doc, classify(doc).labels, QtMeasure(), containers, fit=True)


class WindowFiles:
    """Opening and saving for :class:`~diagrammer.ui.main_window.MainWindow`, and its recent files."""

    def new_window(self) -> MainWindow:
        from diagrammer.ui.main_window import MainWindow

        window = MainWindow()
        window.show()
        return window

    def open_dialog(self) -> None:
        settings = QSettings()
        start = str(settings.value("last-folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open diagram", start, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_paths(self, paths: list[str]) -> None:
        for path in paths:
            self.open_path(path)

    def open_path(self, path: str, remember: bool = True) -> MainWindow | None:
        """Open ``path`` here if this window is an untouched new one, else in a new window.

        A file that cannot be read shows the loader's sentence and changes nothing; a file
        already open in a window brings that window forward.
        """
        existing = window_for_path(path)
        if existing is not None:
            focus(existing)
            return existing
        try:
            document, notices = run_with_progress(self, f"Opening {Path(path).name}…",
                                                  lambda cancel: load_and_prepare(path, cancel))
        except LoadError as exc:
            dialogs.error(self, "Cannot open the file", str(exc))
            return None
        except Cancelled:
            self.statusBar().showMessage(f"Opening {Path(path).name} was cancelled.", 5000)
            return None
        if remember:
            self.add_recent(path)
        window = self
        if self.path is None and not self.is_modified() and not self.document.nodes:
            self.set_document(document, path)
        else:
            from diagrammer.ui.main_window import MainWindow

            window = MainWindow(document, path)
            window.show()
        if notices:
            window.statusBar().showMessage(" ".join(notices), 15000)
        return window

    def open_example(self, path: str) -> MainWindow | None:
        """Open a shipped example as an untitled copy: saving it asks where, never overwrites it."""
        window = self.open_path(path, remember=False)
        if window is not None:
            window.path = None
            window.file_watch.follow(None)  # the copy is not the installed file
            window.suggested_name = Path(path).name
            window._update_title()
            window.statusBar().showMessage("An example, opened as an untitled copy: Save asks where to keep it.",
                                           8000)
        return window

    def save(self) -> bool:
        """Write the file shown; one that Save does not write (an imported DOT file) asks where, as Save As."""
        if self.path is None or formats.saving_format(self.path) is None:
            return self.save_as()
        return self._save_to(self.path)

    def save_as(self) -> bool:
        """Ask where and in which format that keeps the whole diagram (the table's ``saves``); a name
        typed without such an extension gets the chosen format's (the native one's by default)."""
        native = formats.NATIVE.default_extension
        folder = Path(str(QSettings().value("last-folder", str(Path.home()))))
        start = self.path or str(folder / (self.suggested_name or f"untitled{native}"))
        if formats.for_path(start) is not None and formats.saving_format(start) is None:
            start = str(Path(start).with_name(formats.strip_extension(Path(start).name) + native))
        path, chosen = QFileDialog.getSaveFileName(self, "Save diagram", start, formats.save_filters())
        if not path:
            return False
        if formats.saving_format(path) is None:
            by_filter = {f.dialog_filter: f for f in formats.FORMATS if f.saves}
            path += by_filter.get(chosen, formats.NATIVE).default_extension
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        if not self.file_watch.may_save(path):
            return False
        file_format = formats.saving_format(path) or formats.NATIVE
        try:
            file_format.write(self.editor.drawn_document(), path)  # the file stores the picture as drawn
        except SaveError as exc:
            dialogs.error(self, "Cannot save the file", str(exc))
            return False
        self.path = path
        self.file_watch.saved(path)
        self.editor.undo_stack.setClean()
        self.add_recent(path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {Path(path).name}", 4000)
        return True

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when the window may close or replace its document."""
        if not self.is_modified():
            return True
        name = Path(self.path).name if self.path else "Untitled"
        answer = dialogs.ask_save(self, name)
        if answer == dialogs.Button.Save:
            return self.save()
        return answer == dialogs.Button.Discard

    # ----- recent files ----------------------------------------------------------------------

    def add_recent(self, path: str) -> None:
        from diagrammer.ui.main_window import WINDOWS

        settings = QSettings()
        path = str(Path(path).resolve())
        recent = [p for p in _string_list(settings.value("recent-files")) if p != path]
        settings.setValue("recent-files", [path, *recent][:MAX_RECENT])
        settings.setValue("last-folder", str(Path(path).parent))
        for window in WINDOWS:
            window.actions.refresh_recent()

    def recent_files(self) -> list[str]:
        return _string_list(QSettings().value("recent-files"))

    def example_paths(self) -> list[Path]:
        return sorted(examples_dir().glob(f"*{formats.NATIVE.default_extension}"))


def _string_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]
