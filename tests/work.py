"""Counting the work a call does, so that tests check growth without timing anything.

Machines are noisy, so tests never assert a duration (speed figures live in ``benchmarks/``). What
a test can check is how much work a call does: :func:`steps` counts the lines of Python run and
the functions called while it runs, the same on every machine. A linear piece of
code does about four times the steps on four times the input; a quadratic one sixteen times.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def steps(call: Callable[[], Any]) -> tuple[Any, int]:
    """Run ``call()``; return its result and the number of steps it took: each Python function
    entered, line run and function left, and each built-in function called.

    >>> steps(lambda: sum(range(10)))  # enter the lambda, its line, range, sum, leave the lambda
    (45, 5)
    """
    count = 0

    def line(frame, event, arg):
        nonlocal count
        count += 1
        return line

    def builtin(frame, event, arg):
        nonlocal count
        if event == "c_call":
            count += 1

    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(line)
    sys.setprofile(builtin)
    try:
        result = call()
    finally:
        sys.setprofile(old_profile)
        sys.settrace(old_trace)
    return result, count


LINEAR = 5.0  # the most growth in steps, on four times the input, that still counts as linear (quadratic: 16)


def growth(make: Callable[[int], Callable[[], Any]], small: int, factor: int = 4) -> float:
    """How many times the steps of ``make(n)()`` grow when ``n`` grows ``factor`` times from ``small``
    (each call made from scratch: ``make(n)`` builds the input, only the call it returns is counted)."""
    _, few = steps(make(small))
    _, many = steps(make(small * factor))
    return many / few
