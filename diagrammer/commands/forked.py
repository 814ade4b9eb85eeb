"""Parts of a command's work done by forked copies of the process, where two processors may run it.

A copy shares everything the process has computed (the operating system copies a page only when
either writes to it), works while the process goes on, and always ends with ``os._exit``: never
back into the caller's stack. See :func:`diagrammer.commands.classify._write_json_in_parts`.

Every pipe end the process keeps is listed in one ``pipes`` list, which each later copy closes
(so that no copy ever holds another's pipe open) and from which an end is dropped when closed.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import NoReturn

from diagrammer.commands.output import EXIT_CLEAN, EXIT_UNREADABLE, end_process, fail, write

# What the process tells a part's copy, once its own output is written.
GO = b"g"  # write your part now
READER_GONE = b"r"  # do not write: nobody reads any more (still say why, if your part failed)
STOP = b"s"  # do not write: an earlier part failed and has said why (say nothing)


def possible() -> bool:
    """Whether work may be shared with forked copies here: the system forks, and this process
    may run on two processors or more."""
    return can_fork() and processors() >= 2


def can_fork() -> bool:
    """Whether this system can fork a copy of the process (not Windows)."""
    return hasattr(os, "fork")


def processors() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def prepare() -> None:
    """Before the first fork: make sure the copies' exit statuses can be waited for.

    A program started with SIGCHLD ignored (some supervisors do that) would have its children
    reaped by the system, and their statuses lost.
    """
    if hasattr(signal, "SIGCHLD"):
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)


def _fork(pipes: list[int]) -> tuple[int, int, int]:
    """Fork with a new pipe: (pid, reading end, writing end); pid 0 in the copy, -1 when the
    pipe or the fork failed. In the copy, the process's other pipe ends are closed."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        reader, writer = os.pipe()
    except OSError:
        return -1, -1, -1
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return -1, -1, -1
    if pid == 0:
        try:
            for descriptor in pipes:
                os.close(descriptor)
        except BaseException:  # noqa: BLE001 - a copy never returns into the caller's stack
            os._exit(EXIT_UNREADABLE)
    return pid, reader, writer


def _close(descriptor: int, pipes: list[int]) -> None:
    os.close(descriptor)
    if descriptor in pipes:
        pipes.remove(descriptor)


def _reap(pid: int) -> int:
    """Wait for the copy ``pid`` and return its exit status (negative: the signal that ended it)."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


class _Copy:
    """A forked copy and this process's end of the pipe to it (``pid`` -1 when there is no copy:
    the fork failed, or the copy has been waited for)."""

    def __init__(self, pipes: list[int]) -> None:
        self.pipes, self.end = pipes, -1
        self.pid, self.reader, self.writer = _fork(pipes)

    def keep(self, end: int, other: int) -> None:
        """In this process, after a fork: keep ``end`` of the pipe, close ``other``."""
        if self.pid > 0:
            os.close(other)
            self.end = end
            self.pipes.append(end)

    def reap(self) -> int:
        """Close the pipe, wait for the copy, and return its exit status (negative: a signal)."""
        _close(self.end, self.pipes)
        pid, self.pid = self.pid, -1
        return _reap(pid)

    def cancel(self) -> None:
        """End the copy at once, if it still runs (this process is failing)."""
        if self.pid > 0:
            os.kill(self.pid, signal.SIGKILL)
            self.reap()


class Check(_Copy):
    """A check of the input, ``check()`` (None when it passes, else the sentence saying why not),
    run by a forked copy of this process while this one goes on (or here, when its result is
    asked for, if forking failed or the copy died): see :meth:`refusal`.
    """

    def __init__(self, check: Callable[[], str | None], pipes: list[int]) -> None:
        super().__init__(pipes)
        self.check = check
        if self.pid == 0:  # the copy: never returns
            try:
                os.close(self.reader)
                refused = self.check()
                answer = b"ok" if refused is None else b"no" + refused.encode("utf-8", "surrogatepass")
                os.write(self.writer, answer)
            finally:
                os._exit(EXIT_CLEAN)
        self.keep(self.reader, self.writer)

    def refusal(self) -> str | None:
        """None when the input passed, else the sentence saying why not (waits for the copy)."""
        if self.pid <= 0:
            return self.check()
        answer = b""
        while chunk := os.read(self.end, 65536):
            answer += chunk
        self.reap()
        if answer == b"ok":
            return None
        if answer.startswith(b"no"):
            return answer[2:].decode("utf-8", "surrogatepass")
        return self.check()  # the copy died before it could say


class Part(_Copy):
    """One part of the output, made by a forked copy of this process, or made here when its turn
    comes if forking failed.

    ``make`` returns the part's pieces and the exit status they make. The copy makes its part,
    then waits for :meth:`finish`'s word: :data:`GO` (write it to the same standard output, then
    end with that status), :data:`READER_GONE` or :data:`STOP` (end without writing). If making
    it failed, the copy prints ``describe(error)`` as one line and ends with 2, except on
    :data:`STOP` (an earlier part has said why), when it ends with 2 quietly.
    """

    def __init__(
        self,
        make: Callable[[], tuple[list[bytes], int]],
        describe: Callable[[BaseException], str],
        pipes: list[int],
    ) -> None:
        super().__init__(pipes)
        self.make, self.describe = make, describe
        if self.pid == 0:  # the copy: never returns
            try:
                os.close(self.writer)
                _make_and_write(make, describe, self.reader)
            finally:
                os._exit(EXIT_UNREADABLE)
        self.keep(self.writer, self.reader)

    def finish(self, word: bytes) -> int:
        """Tell the part ``word`` (:data:`GO`, :data:`READER_GONE` or :data:`STOP`), wait until it
        is written or not, and return its exit status (negative: the signal that ended its copy)."""
        if self.pid <= 0:
            return _make_and_write_here(self.make, self.describe, word)
        try:
            os.write(self.end, word)
        except BrokenPipeError:
            pass  # the copy has ended already; its status tells how
        return self.reap()


def _make_and_write(
    make: Callable[[], tuple[list[bytes], int]], describe: Callable[[BaseException], str], go: int
) -> NoReturn:
    """A copy's side of :class:`Part`: make the part, wait for the word, act on it, end."""
    chunks: list[bytes] = []
    status, failure = EXIT_UNREADABLE, None
    try:
        chunks, status = make()
    except BaseException as exc:  # noqa: BLE001 - never back into the caller's stack
        failure = exc
    try:
        word = os.read(go, 1)
    except BaseException:  # noqa: BLE001 - interrupted: as if told to stop
        word = STOP
    end_process(_act(word, chunks, status, failure, describe))


def _make_and_write_here(
    make: Callable[[], tuple[list[bytes], int]], describe: Callable[[BaseException], str], word: bytes
) -> int:
    """:class:`Part`'s work in this process, when no copy could be forked."""
    if word == STOP:
        return EXIT_CLEAN
    chunks: list[bytes] = []
    status, failure = EXIT_UNREADABLE, None
    try:
        chunks, status = make()
    except Exception as exc:  # noqa: BLE001 - said as one line, as a copy would
        failure = exc
    return _act(word, chunks, status, failure, describe)


def _act(
    word: bytes,
    chunks: list[bytes],
    status: int,
    failure: BaseException | None,
    describe: Callable[[BaseException], str],
) -> int:
    """Write the part on :data:`GO`, or say why it could not be made; return the exit status."""
    if failure is None and word == GO:
        try:
            write(chunks)
        except Exception as exc:  # noqa: BLE001 - e.g. a full disk: one line
            failure = exc
    if failure is None:
        return status
    if word == STOP:
        return EXIT_UNREADABLE
    return 130 if isinstance(failure, KeyboardInterrupt) else fail(describe(failure))
