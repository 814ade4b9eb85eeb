"""The contract every subcommand keeps, in one wrapper: :func:`command`.

Whatever goes wrong, a command prints exactly one line on stderr, starting ``diagrammer: ``, and
exits with status 2; never a traceback. That holds for unreadable input, unwritable output, a
standard output that is closed or full, and our own bugs. A reader that goes away early
(``| head``) is not an error: the output simply stops. Nothing here imports Qt.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from typing import ParamSpec

from diagrammer.io.errors import LoadError, SaveError, os_error_reason

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_FAILED = 2
EXIT_INTERRUPTED = 130
PREFIX = "diagrammer: "

# Line breaks and other control characters: shown as spaces, so that a message or a cell stays one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters a terminal does not show but obeys (bidi overrides, zero-width joiners) or cannot show
# (lone surrogates): shown as escapes such as \u202e. Format (Cf) and surrogate (Cs) characters.
_HIDDEN = frozenset(("Cf", "Cs"))

P = ParamSpec("P")


class CommandError(Exception):
    """A failure a user can act on, worded as one finished sentence (without the prefix)."""


def visible(text: str) -> str:
    """``text`` safe for a terminal line: control characters as spaces, invisible ones escaped.

    Examples
    --------
    >>> visible("evil\\u202eexe.txt")
    'evil\\\\u202eexe.txt'
    >>> visible("two\\nlines, zero\\u200bwidth")
    'two lines, zero\\\\u200bwidth'
    """
    if text.isprintable():
        return text
    text = _CONTROL.sub(" ", text)
    return "".join(_escape(char) if unicodedata.category(char) in _HIDDEN else char for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def fail(message: str) -> int:
    """Print ``message`` on stderr as one line after the prefix; return the failure status."""
    try:
        print(PREFIX + visible(message), file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):  # stderr closed too: the status still tells
        pass
    return EXIT_FAILED


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout as UTF-8 whatever the locale (lone surrogates as ``\\udxxx``).

    A reader that went away is not an error: the rest is dropped quietly. Any other failure is a
    :class:`CommandError` that blames standard output, not the input.
    """
    stream = sys.stdout
    if stream is None:  # the program was started with its standard output closed (``>&-``)
        raise CommandError("Cannot write to standard output: it is closed.")
    data = text.encode("utf-8", "backslashreplace")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text stream put in place by a caller, e.g. redirect_stdout
            stream.write(data.decode("utf-8"))
        else:
            stream.flush()
            buffer.write(data)
        stream.flush()
    except BrokenPipeError:
        _discard_stdout()
    except (OSError, ValueError) as exc:
        _discard_stdout()
        reason = os_error_reason(exc, writing=True) if isinstance(exc, OSError) else "it is closed"
        raise CommandError(f"Cannot write to standard output: {reason}.") from None


def _discard_stdout() -> None:
    """Point stdout at nothing, so that the interpreter's last flush of what is left succeeds."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def command(doing: str) -> Callable[[Callable[P, int]], Callable[P, int]]:
    """Wrap a subcommand ``run_x(path, ...)`` so that it keeps the contract of this module.

    ``doing`` names the action for an unexpected failure: ``command("classify")`` words one as
    ``Cannot classify "<path>": <error>.``

    Examples
    --------
    >>> @command("count")
    ... def run_count(path: str) -> int:
    ...     raise RuntimeError("no numbers")
    >>> import contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     status = run_count("x.json")
    >>> status, err.getvalue()
    (2, 'diagrammer: Cannot count "x.json": RuntimeError: no numbers.\\n')
    """

    def wrap(function: Callable[P, int]) -> Callable[P, int]:
        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> int:
            subject = args[0] if args else kwargs.get("path", "")
            return guarded(lambda: function(*args, **kwargs), f'Cannot {doing} "{os.fspath(subject)}"')

        return run

    return wrap


def guarded(step: Callable[[], int], failing: str) -> int:
    """``step()``'s exit status, or the contract's one line and status 2 when it raises.

    ``failing`` begins the sentence for an unexpected error, e.g. ``Cannot classify "x.json"``.
    """
    try:
        return step()
    except (LoadError, SaveError, CommandError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except MemoryError:
        return fail(f"{failing}: there is not enough memory.")
    except RecursionError:
        return fail(f"{failing}: it is nested too deeply.")
    except Exception as exc:  # noqa: BLE001 - the contract is one line on stderr, never a traceback
        detail = " ".join(str(exc).split()) or "no details"
        ending = "" if detail[-1] in ".!?" else "."
        return fail(f"{failing}: {type(exc).__name__}: {detail}{ending}")
