"""Atomic file replacement: a save either completes or leaves the old file exactly as it was.

The data goes to a temporary file in the same folder (so that the final rename stays on one
disk), is flushed and ``fsync``-ed, and only then renamed over the target with ``os.replace``,
which is atomic on POSIX and Windows. The folder is ``fsync``-ed afterwards where the system
allows it, so the rename itself survives a power cut. Any failure removes the temporary file and
raises :class:`~diagrammer.io.errors.SaveError` with one sentence.

Each step goes through ``os`` or the file object from ``os.fdopen``, so tests inject a fault at
any step by monkeypatching ``os.open``, ``os.fdopen``, ``os.fsync`` or ``os.replace``.
"""

from __future__ import annotations

import os
import secrets
import stat

from diagrammer.io.errors import SaveError, os_error_reason

# Mode for a new file before the umask, as open() would use; an existing file keeps its own mode.
_NEW_FILE_MODE = 0o666
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data``, atomically.

    Parameters
    ----------
    path
        The file to write. A symbolic link is followed, so the link stays a link.
    data
        The complete new contents.

    Raises
    ------
    SaveError
        With one sentence naming the file and the reason (disk full, permission denied, folder
        gone...). The old file, if any, is then byte-identical and no temporary file is left.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "demo.diagram.json"
    >>> write_atomic(target, b"{}\\n")
    >>> target.read_bytes()
    b'{}\\n'
    """
    name = os.fspath(path)
    target = os.path.realpath(name)
    if os.path.isdir(target):
        raise SaveError(name, "it is a folder, not a file")
    folder = os.path.dirname(target)
    mode = _existing_mode(target)
    if mode is not None and not os.access(target, os.W_OK):
        # A rename would silently replace a read-only file; refuse as an editor's "save" should.
        raise SaveError(name, "the file is read-only")
    tmp = None
    try:
        fd, tmp = _create_temp(target, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            # The umask applied at creation; an existing file keeps exactly the mode it had.
            os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise SaveError(name, os_error_reason(exc, writing=True)) from exc
    finally:
        if tmp is not None:
            _remove_quietly(tmp)
    _fsync_folder(folder)


def _existing_mode(target: str) -> int | None:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return None


def _create_temp(target: str, mode: int | None) -> tuple[int, str]:
    """Open a new, exclusive temporary file beside ``target``; hidden, so file browsers skip it."""
    folder, base = os.path.split(target)
    for _ in range(100):
        tmp = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, _CREATE_FLAGS, _NEW_FILE_MODE if mode is None else mode | stat.S_IWUSR), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file beside {target}")


def _remove_quietly(tmp: str) -> None:
    try:
        os.remove(tmp)
    except OSError:
        pass


def _fsync_folder(folder: str) -> None:
    """Make the rename durable; some systems (Windows, some network disks) cannot, and that is fine."""
    try:
        fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
