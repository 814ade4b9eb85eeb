"""Reading a file's bytes for a loader: bounded, and never stuck on a pipe.

A named pipe (FIFO) that nobody writes to would make a plain ``open()`` wait forever, and the
program with it. Opening without waiting, then reading as usual, turns such a pipe into an empty
file (which the loaders refuse with their usual sentence), while a pipe that is being written to,
such as ``/dev/stdin`` in ``cat file | diagrammer classify /dev/stdin``, reads as before.
"""

from __future__ import annotations

import os

from diagrammer.io.errors import LoadError, os_error_reason

_NO_WAIT = getattr(os, "O_NONBLOCK", 0)


def read_bounded(name: str, limit: int, too_large: str) -> bytes:
    """The bytes of the file ``name``, refused with ``too_large`` beyond ``limit`` bytes.

    Raises
    ------
    LoadError
        The file cannot be opened or read, or it is larger than ``limit``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "f.json"
    >>> _ = path.write_bytes(b"{}")
    >>> read_bounded(str(path), 10, "it is too large")
    b'{}'
    >>> read_bounded(str(path), 1, "it is too large")
    Traceback (most recent call last):
    ...
    diagrammer.io.errors.LoadError: Cannot open "...f.json": it is too large.
    """
    try:
        descriptor = os.open(name, os.O_RDONLY | _NO_WAIT)
        with open(descriptor, "rb", closefd=True) as handle:
            if _NO_WAIT:
                os.set_blocking(descriptor, True)  # only the opening must not wait
            if os.fstat(descriptor).st_size > limit:
                raise LoadError(name, too_large)
            # Reading one byte past the limit catches files that grow or lie about their size.
            data = handle.read(limit + 1)
    except OSError as exc:
        raise LoadError(name, os_error_reason(exc)) from exc
    if len(data) > limit:
        raise LoadError(name, too_large)
    return data
