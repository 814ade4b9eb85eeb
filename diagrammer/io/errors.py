"""The two errors of file input and output, each carrying one sentence a user can read.

Every loader (native JSON, DOT) raises :class:`LoadError` and nothing else; every writer raises
:class:`SaveError`. Their ``str()`` is a single line naming the file and the reason, ready for a
dialog box or for the one line the command line prints on stderr.
"""

from __future__ import annotations

import errno
import os

# Reasons shared by reading and writing; the few that differ are in the two tables below.
_COMMON_REASONS = {
    errno.EACCES: "permission was denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the disk is read-only",
    errno.ENOTDIR: "a part of its path is not a folder",
    errno.ENAMETOOLONG: "its name is too long",
    errno.ELOOP: "its path has too many symbolic links",
    errno.EIO: "the disk reported an input/output error",
    errno.EMFILE: "too many files are open",
    errno.ENFILE: "too many files are open",
    errno.ENOMEM: "there is not enough memory",
    errno.EBUSY: "the file is busy",
}
_READ_REASONS = {
    errno.ENOENT: "there is no such file",
    errno.EISDIR: "it is a folder, not a file",
}
_WRITE_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ENOENT: "its folder does not exist",
    errno.EISDIR: "it is a folder, not a file",
    errno.EFBIG: "the file is too large for the disk",
    errno.EXDEV: "the temporary file is on another disk",
}


def _one_line(text: str) -> str:
    """Join line breaks with spaces so that a message stays on one line, even for odd file names."""
    return " ".join(text.splitlines())


def _name(path: object) -> str:
    return os.fspath(path) if isinstance(path, os.PathLike) else str(path)


def os_error_reason(exc: OSError, *, writing: bool = False) -> str:
    """Say in words why ``exc`` happened, e.g. ``"the disk is full"`` (no file name, no full stop).

    Examples
    --------
    >>> import errno
    >>> os_error_reason(OSError(errno.ENOSPC, "No space left on device"), writing=True)
    'the disk is full'
    >>> os_error_reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    'there is no such file'
    """
    table = _WRITE_REASONS if writing else _READ_REASONS
    reason = table.get(exc.errno) or _COMMON_REASONS.get(exc.errno)
    if reason:
        return reason
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[0].lower() + text[1:]


class _FileError(Exception):
    """Shared construction: ``Error(path, reason)`` or ``Error(finished_sentence)``."""

    _verb = ""

    def __init__(self, path_or_message: object, reason: str | None = None) -> None:
        if reason is None:
            self.path: str | None = None
            self.reason = _one_line(_name(path_or_message))
            message = self.reason
        else:
            self.path = _name(path_or_message)
            self.reason = _one_line(reason).strip() or "an unknown error occurred"
            ending = "" if self.reason[-1] in ".!?" else "."
            message = f'{self._verb} "{_one_line(self.path)}": {self.reason}{ending}'
        super().__init__(message)


class LoadError(_FileError):
    """A file that cannot be opened, with one sentence naming the file and, where known, the line or node.

    Build it from the file and the reason (``LoadError(path, reason)``), or from a finished sentence
    (``LoadError(message)``). Either way ``str()`` is one line.

    Examples
    --------
    >>> str(LoadError("x.json", "line 3 is not valid JSON (Expecting ',' delimiter)"))
    'Cannot open "x.json": line 3 is not valid JSON (Expecting \\',\\' delimiter).'
    >>> LoadError("x.json", "there is no such file").reason
    'there is no such file'
    """

    _verb = "Cannot open"


class SaveError(_FileError):
    """A file that could not be written, with one sentence naming the file and why.

    Examples
    --------
    >>> str(SaveError("x.json", "the disk is full"))
    'Cannot save "x.json": the disk is full.'
    """

    _verb = "Cannot save"
