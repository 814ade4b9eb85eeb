"""The file on disk is the truth: a window follows the file it shows.

When another program (or another editor) changes the file, a window without unsaved changes
reloads it as one undo step; a window with unsaved changes asks: reload, keep mine, or compare
(my version is saved as a copy beside the file and opened in its own window, this window reloads).
Before saving over the file, the window checks that the file is still the one it opened or last
saved (size, modification time, then a hash of the contents) and asks before overwriting another
writer's version. One file is shown by one window of this editor: opening it again brings that
window forward (:func:`window_for_path`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from diagrammer.io import formats
from diagrammer.io.errors import LoadError, SaveError
from diagrammer.io.native import save_document
from diagrammer.model.operations import AddSubtree, Batch, RemoveNodes, SetTitle
from diagrammer.ui import dialogs

CHECK_DELAY_MS = 150  # writers may write in steps; look once they are done


@dataclass(frozen=True)
class Snapshot:
    """What a file held when we last read or wrote it."""

    size: int
    mtime_ns: int
    digest: str


def snapshot(path: str, known: Snapshot | None = None) -> Snapshot | None:
    """The file's size, time and content hash; None when it cannot be read (gone, a folder...).

    When size and time equal ``known``'s, the file is taken as unchanged without reading it.
    """
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if known is not None and (info.st_size, info.st_mtime_ns) == (known.size, known.mtime_ns):
                return known
            digest = hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None
    return Snapshot(info.st_size, info.st_mtime_ns, digest)


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def window_for_path(path: str, windows=None, exclude=None):
    """The open window showing the file ``path`` (through links and relative names), if any."""
    if windows is None:
        from diagrammer.ui.main_window import WINDOWS as windows
    for window in windows:
        if window is not exclude and window.path and same_file(window.path, path):
            return window
    return None


def focus(window) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


class FileWatch(QObject):
    """Follows one window's file: reload on outside changes, and a check before each save."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.path: str | None = None
        self.known: Snapshot | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._schedule)
        self.watcher.directoryChanged.connect(self._schedule)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self._asking = False

    def follow(self, path: str | None) -> None:
        """Watch ``path`` (None: nothing) as it is now, the version this window shows."""
        self._unwatch()
        self.path = path
        self.known = snapshot(path) if path else None
        if path:
            self.watcher.addPath(path)
            self.watcher.addPath(str(Path(path).parent))

    def _unwatch(self) -> None:
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)

    def _schedule(self, *_args) -> None:
        self._timer.start()

    # ----- outside changes -------------------------------------------------------------------

    def check(self) -> None:
        """Look at the file now; reload or ask when another program has changed it."""
        path = self.path
        if not path or self._asking:
            return
        if path not in self.watcher.files() and os.path.exists(path):
            self.watcher.addPath(path)  # a rename over the file ends the old watch
        current = snapshot(path, self.known)
        if current is None and self.known is not None and not os.path.exists(path):
            self.known = None  # said once; saving writes the file again
            self.window.statusBar().showMessage(
                f"{Path(path).name} was deleted or moved by another program; saving writes it again.")
            return
        if current is None or self.known is None or current.digest == self.known.digest:
            if current is not None:
                self.known = current
            return
        if not self.window.is_modified():
            self.reload(current)
            return
        self._asking = True
        try:
            answer = self._ask_changed(Path(path).name)
        finally:
            self._asking = False
        if answer == dialogs.Button.Yes:
            self.reload(snapshot(path))
        elif answer == dialogs.Button.Save:
            self.compare()
        else:
            self.known = current  # keep mine: the user has seen the other version and chose theirs

    def _ask_changed(self, name: str):
        box = _box(
            self.window, QMessageBox.Icon.Question, "File changed on disk",
            f"{name} was changed by another program. Reload it and lose your unsaved changes, keep your "
            "version, or compare: your version is saved as a copy and opened beside the file's.",
            dialogs.Button.Yes | dialogs.Button.No | dialogs.Button.Save, dialogs.Button.Save,
        )  # fmt: skip
        box.button(dialogs.Button.Yes).setText("Reload")
        box.button(dialogs.Button.No).setText("Keep mine")
        box.button(dialogs.Button.Save).setText("Compare…")
        return dialogs.run(box)

    def reload(self, current: Snapshot | None = None) -> bool:
        """Read the file again and show it, as one undo step; False (and a message) when it cannot be read."""
        from diagrammer.ui.window_files import load_and_prepare

        path = self.path
        if path is None:
            return False
        try:
            document, _notices = load_and_prepare(path, threading.Event())
        except LoadError as exc:
            self.window.statusBar().showMessage(f"The file changed on disk but cannot be read: {exc}", 15000)
            return False
        editor = self.window.editor
        old = editor.document
        tops = [nid for nid, node in old.nodes.items() if node.parent is None or node.parent not in old.nodes]
        steps = []
        if tops or old.edges:
            steps.append(RemoveNodes(tops, [eid for eid in old.edges]))
        steps.append(SetTitle(document.title))
        steps.append(AddSubtree([(n, None) for n in _parents_first(document)],
                                [(e, None) for e in document.edges.values()]))  # fmt: skip
        if not editor.push(Batch(steps), "Reload from disk", room=False):
            self.window.set_document(document, path)  # a file the operations refuse: reload without undo
        editor = self.window.editor
        editor.undo_stack.setClean()
        self.known = current or snapshot(path)
        self.window.statusBar().showMessage(f"Reloaded {Path(path).name}: it was changed on disk.", 8000)
        return True

    def compare(self) -> None:
        """Save my version as a copy beside the file, reload the file here, and open the copy beside it."""
        path = Path(self.path or "")
        copy = _free_name(path.with_name(f"{_stem(path.name)} (my version){formats.NATIVE.default_extension}"))
        try:
            save_document(self.window.editor.drawn_document(), copy)  # as Save writes it: the boxes as drawn
        except SaveError as exc:
            dialogs.error(self.window, "Cannot save the copy", str(exc))
            return
        self.reload(snapshot(str(path)))
        self.window.open_path(str(copy))

    # ----- saving ------------------------------------------------------------------------------

    def may_save(self, path: str) -> bool:
        """Whether saving to ``path`` may go ahead: asks before overwriting another writer's version."""
        other = window_for_path(path, exclude=self.window)
        if other is not None:
            dialogs.error(self.window, "Cannot save the file",
                          f'"{path}" is open in another window; save there, or close that window first.')
            return False
        if self.path is None or not same_file(path, self.path):
            return True
        current = snapshot(path)  # always hashed: a same-size write within the disk's time step must not slip by
        if current is None or self.known is None or current.digest == self.known.digest:
            return True
        box = _box(
            self.window, QMessageBox.Icon.Question, "File changed on disk",
            f"{Path(path).name} was changed by another program since you opened it. Overwrite that version "
            "with yours?",
            dialogs.Button.Save | dialogs.Button.Cancel, dialogs.Button.Cancel,
        )  # fmt: skip
        box.button(dialogs.Button.Save).setText("Overwrite")
        return dialogs.run(box) == dialogs.Button.Save

    def saved(self, path: str) -> None:
        """This window has just written ``path``: that version is now the one it shows."""
        self.follow(path)


def _box(parent, icon, title: str, text: str, buttons, default) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
    box.setDefaultButton(default)
    return box


def _parents_first(document) -> list:
    out, done = [], set()
    for node in document.nodes.values():
        chain = []
        current = node
        while current is not None and current.id not in done:
            chain.append(current)
            done.add(current.id)
            current = document.nodes.get(current.parent) if current.parent is not None else None
        out.extend(reversed(chain))
    return out


def _stem(name: str) -> str:
    """``name`` without the extension of its format (from the table of formats)."""
    return formats.strip_extension(name)


def _free_name(path: Path) -> Path:
    """``path``, or the first of ``<stem> 2``, ``<stem> 3``… (a native file) that does not exist yet."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{_stem(path.name)} {number}{formats.NATIVE.default_extension}")
        number += 1
    return candidate
