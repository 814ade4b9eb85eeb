"""Crash recovery: every open document is written to a recovery file soon after each change.

Each running editor is a *session* holding an operating-system lock (``flock``; on Windows a
``msvcrt`` byte lock) on its lock file in the user's data folder for as long as it runs. The
system drops the lock when the process ends in any way (killed, crashed, a zombie not yet reaped),
so "is that editor still running?" is "can its lock be taken?": no process ids are probed, so a
reused or zombie process id fools nothing. A document's recovery file carries its session id in
its name; a normal close removes it.

At start, the recovery files of sessions that are not running are *claimed* by renaming them into
this session before they are offered: a rename succeeds for one editor only, so of two editors
started together exactly one offers each file. Files claimed but neither restored nor discarded
("Later") are released again when this editor closes. When the recovery folder cannot be made or
written, the editor runs without recovery and says so in its status bar.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from diagrammer.io.atomic import write_atomic
from diagrammer.io.errors import LoadError, SaveError, os_error_reason
from diagrammer.io.native import dumps_document, loads_document
from diagrammer.model import Document

WRITE_DELAY_MS = 1000
SUFFIX = ".recovery.json"
# "<pid>-<hex>-<n>.recovery.json" written by a session; "<pid>-<hex>-c<n>" claimed by one.
_FILE = re.compile(r"(?P<session>.+)-(?P<claimed>c?)\d+" + re.escape(SUFFIX) + r"\Z")


def recovery_dir() -> Path:
    """Where recovery files live (not created here)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".diagrammer") / "recovery"


def _try_lock(fd: int) -> bool:
    """Take the lock on ``fd`` without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _lock_path(folder: Path, session: str) -> Path:
    return folder / f"session-{session}.lock"


def _running(folder: Path, session: str) -> bool:
    """Whether the session's editor still runs: its lock file exists and its lock is held."""
    lock = _lock_path(folder, session)
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return True
        lock.unlink(missing_ok=True)  # a stale lock: its editor has ended without cleaning up
        return False
    finally:
        os.close(fd)


class Session:
    """This editor process's claim on its recovery files.

    ``warning`` is a sentence for the status bar when recovery is off (the folder cannot be
    written); the editor then runs on without recovery files.
    """

    def __init__(self) -> None:
        self.id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.folder: Path | None = recovery_dir()
        self.warning: str | None = None
        self._counter = 0
        self._lock_fd: int | None = None
        self.lock = _lock_path(self.folder, self.id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.lock, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(fd):
                os.close(fd)
                raise OSError(f"the lock {self.lock} is held by another program")
            os.write(fd, f"{os.getpid()}\n".encode())
            self._lock_fd = fd
        except OSError as exc:
            reason = os_error_reason(exc, writing=True) if exc.errno else str(exc)
            # The reason first: a long folder name is cut off at the status bar's end.
            self.warning = f"Crash recovery is off: its folder cannot be written ({reason}): {self.folder}"
            self.folder = None

    @property
    def active(self) -> bool:
        return self.folder is not None

    def new_file(self) -> Path | None:
        if self.folder is None:
            return None
        self._counter += 1
        return self.folder / f"{self.id}-{self._counter}{SUFFIX}"

    def claim(self, file: Path) -> Path | None:
        """Take ``file`` for this session by renaming it; None when another editor took it first."""
        if self.folder is None:
            return None
        self._counter += 1
        claimed = self.folder / f"{self.id}-c{self._counter}{SUFFIX}"
        try:
            os.rename(file, claimed)
        except OSError:
            return None
        return claimed

    def end(self) -> None:
        """A normal end: this session's own files go, files claimed but not answered are released."""
        if self.folder is None:
            return
        for path in self.folder.glob(f"{self.id}-*{SUFFIX}"):
            match = _FILE.match(path.name)
            try:
                if match and match["claimed"]:
                    path.rename(self.folder / f"released-{uuid.uuid4().hex[:8]}-0{SUFFIX}")
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
        self.lock.unlink(missing_ok=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


@dataclass
class Recovered:
    """A recovery file left by a session that did not close normally, now claimed by this one."""

    file: Path
    path: str | None
    document: Document


def find_orphans(session: Session) -> list[Recovered]:
    """Claim and read the recovery files of sessions that are not running (unreadable ones are dropped)."""
    if session.folder is None:
        return []
    folder = session.folder
    verdict: dict[str, bool] = {}
    found = []
    for file in sorted(folder.glob(f"*{SUFFIX}")):
        match = _FILE.match(file.name)
        owner = match["session"] if match else ""
        if owner == session.id:
            continue
        if owner not in verdict:
            verdict[owner] = _running(folder, owner)
        if verdict[owner]:
            continue
        claimed = session.claim(file)
        if claimed is None:
            continue  # another editor claimed it first
        try:
            envelope = json.loads(claimed.read_text(encoding="utf-8"))
            document = loads_document(envelope["document"], file.name)
            found.append(Recovered(claimed, envelope.get("path"), document))
        except (OSError, ValueError, KeyError, TypeError, LoadError):
            claimed.unlink(missing_ok=True)
    return found


class DocumentRecorder(QObject):
    """Writes one document's recovery file at most once a second after it changes."""

    def __init__(self, session: Session, document: Document, undo_stack, path_of, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.document = document
        self.file = session.new_file()  # None: recovery is off
        self._path_of = path_of
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WRITE_DELAY_MS)
        self._timer.timeout.connect(self.write_now)
        self._stack = undo_stack
        undo_stack.indexChanged.connect(self._changed)
        undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, clean: bool) -> None:
        if clean and self.file is not None:  # just saved: nothing is left to recover
            self._timer.stop()
            self.file.unlink(missing_ok=True)

    def _changed(self, _index: int) -> None:
        if self.file is not None and not self._timer.isActive():
            self._timer.start()

    def write_now(self) -> None:
        self._timer.stop()
        if self.file is None:
            return
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
        if self.file is not None:
            self.file.unlink(missing_ok=True)
