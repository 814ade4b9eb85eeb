"""What ``classify`` and its forked copies need for their output: exit statuses, one-line
failures, writing to stdout, and ending the process without the interpreter's teardown."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import NoReturn

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

# Characters a one-line message or a table cell shows as spaces.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def fail(message: str) -> int:
    """Print ``message`` on stderr as one line; return the exit status for unreadable input."""
    try:
        print(CONTROL.sub(" ", message), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
    return EXIT_UNREADABLE


def end_process(status: int) -> NoReturn:
    """Flush stdout and stderr, then end the process with ``status`` at once, skipping the
    interpreter's teardown (the output is complete; nothing else is left to run)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def write(chunks: Iterable[bytes]) -> bool:
    """Write to stdout as UTF-8 whatever the locale; a reader that went away is not an error
    (the remaining pieces are then not even formatted). False when it went away.
    """
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            for chunk in chunks:
                sys.stdout.write(chunk.decode("utf-8"))
        else:
            sys.stdout.flush()
            for chunk in chunks:
                buffer.write(chunk)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at nothing, so that the interpreter's final flush does not complain either.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass
        return False
    return True
