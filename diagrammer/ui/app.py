"""Start the editor: the application object, its identity (for QSettings), and the first window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, named so that QSettings and data folders are ours."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(["diagrammer", *(argv or [])])
    app.setOrganizationName("Diagrammer")
    app.setApplicationName("Diagrammer")
    app.setApplicationDisplayName("Diagrammer")
    app.setDesktopFileName("diagrammer")  # ties windows to resources/desktop/diagrammer.desktop
    from diagrammer.ui.help import app_icon

    app.setWindowIcon(app_icon())
    return app


def run_editor(path: str | None = None, qt_args: list[str] | None = None) -> int:
    """Open a window (on ``path`` if given) and run until the last window closes."""
    if not has_display():
        print(
            "diagrammer: there is no display to open the editor on (DISPLAY is not set); "
            "the classify, export and layout commands work without one.",
            file=sys.stderr,
        )
        return 2
    app = make_application(qt_args)
    start_session(app)
    from diagrammer.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if path:
        window.open_path(path)
    offer_recovery(window)
    return app.exec()


def start_session(app) -> None:
    """Claim this editor's recovery files; a normal quit removes them."""
    from diagrammer.ui.main_window import SESSION
    from diagrammer.ui.recovery import Session

    session = Session()
    SESSION[:] = [session]
    app.aboutToQuit.connect(session.end)


def offer_recovery(window) -> list:
    """Offer the documents of editors that did not close normally: restore, discard, or later."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from diagrammer.ui.file_watch import window_for_path
    from diagrammer.ui.main_window import SESSION, MainWindow
    from diagrammer.ui.recovery import find_orphans

    orphans = find_orphans(SESSION[0]) if SESSION else []
    if not orphans:
        return []
    names = ", ".join(Path(o.path).name if o.path else "an untitled diagram" for o in orphans)
    box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work?",
                      f"Diagrammer did not close normally last time. Restore the unsaved changes to {names}?",
                      parent=window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    opened = []
    if clicked is restore:
        for orphan in orphans:
            # One file, one window: a window already showing the file takes the restored work
            # (unless it has edits of its own; the work then opens untitled beside it).
            shown = window_for_path(orphan.path) if orphan.path else None
            if shown is not None and not shown.is_modified():
                shown.set_document(orphan.document, orphan.path)
                target = shown
            else:
                target = MainWindow(orphan.document, None if shown is not None else orphan.path)
            target.editor.undo_stack.resetClean()
            target._update_title()
            target.show()
            if target.recorder is not None:
                target.recorder.write_now()
            orphan.file.unlink(missing_ok=True)
            opened.append(target)
        if not window.document.nodes and window.path is None and not window.is_modified():
            window.close()
    elif clicked is discard:
        for orphan in orphans:
            orphan.file.unlink(missing_ok=True)
    return opened


def has_display() -> bool:
    """False on a Linux machine with no X or Wayland display and no Qt platform chosen."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
