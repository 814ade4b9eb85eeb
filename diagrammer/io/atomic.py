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

import errno
import os
import secrets
import stat
import sys

from diagrammer.io.errors import SaveError, os_error_reason

# Mode for a new file before the umask, as open() would use; an existing file keeps its own mode.
_NEW_FILE_MODE = 0o666
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data``, atomically where that keeps what the user has.

    Parameters
    ----------
    path
        The file to write. A symbolic link is followed, so the link stays a link; ``-`` is the
        standard output; a device or a named pipe is written to directly and never replaced.
    data
        The complete new contents.

    Raises
    ------
    SaveError
        With one sentence naming the file and the reason (disk full, permission denied, folder
        gone...). The old file, if any, is then byte-identical and no temporary file is left.

    Notes
    -----
    A regular file is replaced by a rename, owner, group and mode kept. It is written in place
    instead (the old contents kept in memory and put back on failure) when a rename would lose
    something: a second hard link, an owner this process cannot give the new file, or a folder
    it cannot create files in.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "demo.diagram.json"
    >>> write_atomic(target, b"{}\\n")
    >>> target.read_bytes()
    b'{}\\n'
    """
    name = os.fspath(path)
    if name == "-":
        _write_stdout(data)
        return
    try:
        info: os.stat_result | None = os.stat(name)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise SaveError(name, os_error_reason(exc, writing=True)) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise SaveError(name, "it is a folder, not a file")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_direct(name, data)
        return
    target = os.path.realpath(name)
    if info is not None and not os.access(target, os.W_OK):
        # A rename would silently replace a read-only file; refuse as an editor's "save" should.
        raise SaveError(name, "the file is read-only")
    if info is not None and info.st_nlink > 1:
        _write_in_place(name, target, data)
        return
    try:
        if not _replace(target, data, info):
            _write_in_place(name, target, data)
    except OSError as exc:
        raise SaveError(name, _reason(exc, target)) from exc


def _reason(exc: OSError, target: str) -> str:
    if exc.errno == errno.ENOENT and os.path.isdir(os.path.dirname(target) or "."):
        return "there is no such file, and none can be made in its folder"
    return os_error_reason(exc, writing=True)


def _replace(target: str, data: bytes, info: os.stat_result | None) -> bool:
    """Write a temporary file beside ``target`` and rename it over; False when it must be done in place."""
    folder = os.path.dirname(target)
    mode = stat.S_IMODE(info.st_mode) if info is not None else None
    tmp = None
    try:
        try:
            fd, tmp = _create_temp(target, mode)
        except OSError as exc:
            # No file can be made in the folder (no permission, or a system folder such as /proc):
            # an existing file can still be written where it is.
            if info is not None and exc.errno in (errno.EACCES, errno.EPERM, errno.ENOENT):
                return False
            raise
        if info is not None and hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.fchown(fd, info.st_uid, info.st_gid)
            except OSError:
                os.close(fd)
                return False  # the new file could not be the owner's: keep the old one
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            # The umask applied at creation; an existing file keeps exactly the mode it had.
            os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    finally:
        if tmp is not None:
            _remove_quietly(tmp)
    _fsync_folder(folder)
    return True


def _write_in_place(name: str, target: str, data: bytes) -> None:
    """Overwrite the file itself (same inode, links and owner); on failure put the old bytes back."""
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SaveError(name, _special_reason(exc)) from exc
    try:
        with os.fdopen(fd, "r+b") as handle:
            old = handle.read()
            try:
                _reserve(handle.fileno(), len(data))
                handle.seek(0)
                handle.write(data)
                handle.truncate()
                handle.flush()
                os.fsync(handle.fileno())
            except BaseException:
                _restore(handle, old)
                raise
    except OSError as exc:
        raise SaveError(name, _special_reason(exc)) from exc


def _reserve(fd: int, size: int) -> None:
    """Claim the disk space first, so that a full disk fails before the old contents are touched."""
    try:
        os.posix_fallocate(fd, 0, size)
    except (AttributeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise


def _restore(handle, old: bytes) -> None:
    try:
        handle.seek(0)
        handle.write(old)
        handle.truncate()
        handle.flush()
    except OSError:
        pass


def _special_reason(exc: OSError) -> str:
    if exc.errno == errno.EINVAL:
        return "it is a system file that cannot be written"
    if exc.errno == errno.ENXIO:
        return "nothing is reading from it"
    return os_error_reason(exc, writing=True)


def _write_direct(name: str, data: bytes) -> None:
    """Write to a device or named pipe as it is: no temporary file, no rename, no truncation of a device."""
    try:
        # Opening a pipe nobody reads would wait forever; without waiting it fails with ENXIO.
        fd = os.open(name, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SaveError(name, _special_reason(exc)) from exc
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        _write_all(fd, data)
    except OSError as exc:
        raise SaveError(name, _special_reason(exc)) from exc
    finally:
        os.close(fd)


def _write_stdout(data: bytes) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:
            raise OSError(errno.EBADF, "standard output is closed")
        stream.flush()
        _write_all(stream.fileno(), data)
    except (OSError, ValueError) as exc:
        code = getattr(exc, "errno", None)
        reason = "it is closed" if code in (None, errno.EBADF) else _special_reason(exc)  # type: ignore[arg-type]
        if code == errno.EPIPE:
            reason = "the program reading it has stopped"
        raise SaveError("standard output", reason) from exc


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _create_temp(target: str, mode: int | None) -> tuple[int, str]:
    """Open a new, exclusive temporary file beside ``target``; hidden, so file browsers skip it.

    Its name stays within the folder's name length limit, however long the target's name is.
    """
    folder, base = os.path.split(target)
    limit = _name_limit(folder)
    room = limit - len(".~12345678.tmp")
    encoded = os.fsencode(base)
    if len(encoded) > room:
        # Cut on a character boundary: a UTF-8 character is at most 4 bytes.
        for cut in range(max(room, 1), max(room, 1) - 4, -1):
            try:
                base = encoded[:cut].decode("utf-8")
                break
            except UnicodeDecodeError:
                base = "diagram"
    for _ in range(100):
        tmp = os.path.join(folder, f".{base}~{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, _CREATE_FLAGS, _NEW_FILE_MODE if mode is None else mode | stat.S_IWUSR), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file beside {target}")


def _name_limit(folder: str) -> int:
    try:
        return int(os.pathconf(folder or ".", "PC_NAME_MAX"))
    except (AttributeError, ValueError, OSError):
        return 255


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
