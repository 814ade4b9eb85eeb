"""Parts of a command's work done by forked copies of the process, on machines with two processors.

A copy shares everything the process has computed (the operating system copies a page only when
either writes to it), works while the process goes on, and ends with ``os._exit``: never back
into the caller's stack. See :func:`diagrammer.commands.classify._write_json_in_parts`.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import NoReturn

from diagrammer.commands.output import EXIT_CLEAN, EXIT_UNREADABLE, end_process, fail, write


def possible() -> bool:
    """Whether work may be shared with forked copies here: forking works, two processors are free."""
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


class Check:
    """A check of the input, ``check()`` (None when it passes, else the sentence saying why not),
    run by a forked copy of this process while this one goes on (or here, when its result is
    asked for, if forking failed or the copy died): see :meth:`refusal`.

    ``pipes`` gets this process's end of the pipe the answer comes through.
    """

    def __init__(self, check: Callable[[], str | None], pipes: list[int]) -> None:
        self.check, self.pid, self.answer = check, 0, -1
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            reader, writer = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return
        if pid == 0:  # the copy: never returns
            os.close(reader)
            try:
                refused = self.check()
                os.write(writer, b"ok" if refused is None else b"no" + refused.encode("utf-8", "replace"))
            finally:
                os._exit(0)
        os.close(writer)
        self.pid, self.answer = pid, reader
        pipes.append(reader)

    def refusal(self) -> str | None:
        """None when the input passed, else the sentence saying why not (waits for the copy)."""
        if not self.pid:
            return self.check()
        answer = b""
        while chunk := os.read(self.answer, 65536):
            answer += chunk
        os.close(self.answer)
        os.waitpid(self.pid, 0)
        self.pid = 0
        if answer == b"ok":
            return None
        if answer.startswith(b"no"):
            return answer[2:].decode("utf-8", "replace")
        return self.check()  # the copy died before it could say


class Part:
    """One part of the output, made by a forked copy of this process, or made here when its turn
    comes if forking failed.

    ``make`` returns the part's pieces and the exit status they make. The copy keeps its part
    until :meth:`finish` says "go" (write it to the same standard output, then end with that
    status) or "stop" (end quietly); if making it failed, on "go" it prints ``describe(error)``
    as one line and ends with 2, on "stop" it ends quietly. ``pipes`` holds this process's ends
    of the pipes to copies started before, which the copy closes (so that it never keeps another
    copy waiting), and gets this part's.
    """

    def __init__(
        self,
        make: Callable[[], tuple[list[bytes], int]],
        describe: Callable[[BaseException], str],
        pipes: list[int],
    ) -> None:
        self.make, self.pid, self.go = make, 0, -1
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            reader, writer = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return
        if pid == 0:  # the copy: never returns
            os.close(writer)
            for descriptor in pipes:
                os.close(descriptor)
            _make_and_write(make, describe, reader)
        os.close(reader)
        self.pid, self.go = pid, writer
        pipes.append(writer)

    def finish(self, go: bool) -> int:
        """Let the part be written (or not), wait until it is, and return its exit status."""
        if not self.pid:
            if not go:
                return EXIT_CLEAN
            chunks, status = self.make()
            write(chunks)
            return status
        try:
            os.write(self.go, b"g" if go else b"s")
        except BrokenPipeError:
            pass  # the copy has ended already; its status tells how
        os.close(self.go)
        self.go = -1
        return os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])

    def cancel(self) -> None:
        """End the copy at once, if there is one (this process is failing)."""
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            if self.go >= 0:
                os.close(self.go)
            self.pid, self.go = 0, -1


def _make_and_write(
    make: Callable[[], tuple[list[bytes], int]], describe: Callable[[BaseException], str], go: int
) -> NoReturn:
    """A copy's side of :class:`Part`: make the part, wait for the word, then write it (or say
    why it could not be made) and end with the status; on "stop", end quietly."""
    status, failure = EXIT_UNREADABLE, None
    try:
        chunks, status = make()
    except BaseException as exc:  # noqa: BLE001 - never back into the caller's stack
        failure = exc
    try:
        word = os.read(go, 1)
    except BaseException:  # noqa: BLE001 - interrupted: as if told to stop
        word = b"s"
    if word == b"g":
        if failure is None:
            try:
                write(chunks)
            except BaseException as exc:  # noqa: BLE001
                failure = exc
        if failure is not None:
            status = 130 if isinstance(failure, KeyboardInterrupt) else fail(describe(failure))
    elif failure is not None:
        status = EXIT_UNREADABLE
    end_process(status)


