"""Crash recovery: every open document is written to a recovery file soon after each change.

Each running editor is a *session* with its own lock file (holding its process id) in the user's
data folder; its documents' recovery files carry the session id in their names. A normal close
removes them. At start, recovery files whose session is no longer running (its lock is gone or
its process is dead) are offered for restoring; files of an editor still running are left alone,
so two editors never take each other's files.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from diagrammer.io.atomic import write_atomic
from diagrammer.io.errors import LoadError, SaveError
from diagrammer.io.native import dumps_document, loads_document
from diagrammer.model import Document

WRITE_DELAY_MS = 1000
SUFFIX = ".recovery.json"


def recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base or Path.home() / ".diagrammer") / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Session:
    """This editor process's claim on its recovery files."""

    def __init__(self) -> None:
        self.id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.folder = recovery_dir()
        self.lock = self.folder / f"session-{self.id}.lock"
        self.lock.write_text(str(os.getpid()), encoding="utf-8")
        self._counter = 0

    def new_file(self) -> Path:
        self._counter += 1
        return self.folder / f"{self.id}-{self._counter}{SUFFIX}"

    def end(self) -> None:
        """A normal end: no recovery file of this session is left behind."""
        for path in self.folder.glob(f"{self.id}-*{SUFFIX}"):
            path.unlink(missing_ok=True)
        self.lock.unlink(missing_ok=True)


@dataclass
class Recovered:
    """A recovery file left by a session that did not close normally."""

    file: Path
    path: str | None
    document: Document


def _running_sessions(folder: Path) -> set[str]:
    running = set()
    for lock in folder.glob("session-*.lock"):
        session = lock.name[len("session-"):-len(".lock")]
        try:
            pid = int(lock.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            pid = -1
        if pid > 0 and _alive(pid):
            running.add(session)
        else:
            lock.unlink(missing_ok=True)
    return running


def find_orphans(own_session: str | None = None) -> list[Recovered]:
    """Recovery files of sessions that are not running any more (unreadable ones are dropped)."""
    folder = recovery_dir()
    running = _running_sessions(folder)
    found = []
    for file in sorted(folder.glob(f"*{SUFFIX}")):
        session = file.name[: -len(SUFFIX)].rsplit("-", 1)[0]
        if session in running or session == own_session:
            continue
        try:
            envelope = json.loads(file.read_text(encoding="utf-8"))
            document = loads_document(envelope["document"], file.name)
            found.append(Recovered(file, envelope.get("path"), document))
        except (OSError, ValueError, KeyError, TypeError, LoadError):
            file.unlink(missing_ok=True)
    return found


class DocumentRecorder(QObject):
    """Writes one document's recovery file at most once a second after it changes."""

    def __init__(self, session: Session, document: Document, undo_stack, path_of, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.document = document
        self.file = session.new_file()
        self._path_of = path_of
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WRITE_DELAY_MS)
        self._timer.timeout.connect(self.write_now)
        self._stack = undo_stack
        undo_stack.indexChanged.connect(self._changed)
        undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, clean: bool) -> None:
        if clean:  # just saved: nothing is left to recover
            self._timer.stop()
            self.file.unlink(missing_ok=True)

    def _changed(self, _index: int) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def write_now(self) -> None:
        self._timer.stop()
        if self._stack.isClean():
            self.file.unlink(missing_ok=True)  # nothing unsaved to recover
            return
        envelope = {"path": self._path_of(), "document": dumps_document(self.document)}
        try:
            write_atomic(self.file, json.dumps(envelope, ensure_ascii=False).encode("utf-8"))
        except SaveError:
            pass  # recovery is best effort; the user's own saves report their errors

    def discard(self) -> None:
        self._timer.stop()
        self._stack.indexChanged.disconnect(self._changed)
        self._stack.cleanChanged.disconnect(self._clean_changed)
        self.file.unlink(missing_ok=True)
