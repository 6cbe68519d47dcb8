"""Seconds spent per import phase (read, check, write, rollups), collected only when asked.

`with collecting() as seconds:` around an import fills `seconds` with each phase's own time
(a phase inside another is not counted twice). Outside `collecting` a phase costs nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_TIMES: ContextVar[dict[str, float] | None] = ContextVar("intake_phase_times", default=None)
_STACK: ContextVar[tuple[str, ...]] = ContextVar("intake_phase_stack", default=())


@contextmanager
def collecting() -> Iterator[dict[str, float]]:
    """Collect the phases of the imports run inside the block: phase → seconds."""
    seconds: dict[str, float] = {}
    token = _TIMES.set(seconds)
    try:
        yield seconds
    finally:
        _TIMES.reset(token)


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Count the block's time as `name` (and not as the phase it runs inside)."""
    seconds = _TIMES.get()
    if seconds is None:
        yield
        return
    outer = _STACK.get()
    token = _STACK.set((*outer, name))
    started = time.perf_counter()
    try:
        yield
    finally:
        spent = time.perf_counter() - started
        _STACK.reset(token)
        seconds[name] = seconds.get(name, 0.0) + spent
        if outer:
            seconds[outer[-1]] = seconds.get(outer[-1], 0.0) - spent
