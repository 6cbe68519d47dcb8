"""Changes between periods: absolute and relative, safe when the base is zero."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """A value compared with a base value."""

    current: float
    base: float | None

    @property
    def absolute(self) -> float | None:
        """current − base, or None without a base."""
        return None if self.base is None else self.current - self.base

    @property
    def relative(self) -> float | None:
        """(current − base) / base; None when the base is missing or zero."""
        if self.base is None or self.base == 0:
            return None
        return (self.current - self.base) / self.base

    @property
    def is_new(self) -> bool:
        """True when something appears where the base had nothing."""
        return self.base == 0 and self.current > 0


def change(current: float, base: float | None) -> Change:
    """Compare a value with its base."""
    return Change(float(current), None if base is None else float(base))
