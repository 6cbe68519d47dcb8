"""Python's cyclic garbage collector paused while an import builds its millions of objects.

An import creates a list per row and a tuple per key; every few hundred new containers the
collector walks all of them again, which cost a third of a 200,000-row check. Reference
counting still frees everything as usual; only cycles wait until the last import ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_state = {"depth": 0, "was_enabled": False}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Inside the block (any thread) the cyclic collector does not run; nesting is fine."""
    with _LOCK:
        if _state["depth"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["was_enabled"]:
                gc.enable()
