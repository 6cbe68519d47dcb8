"""Cell values that are not values: KEEP (the file does not give it) and CLEAR (erase it)."""

from __future__ import annotations


class Marker:
    """A marker value, shown as its name in previews."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        self.name, self.zh, self.en = name, zh, en

    def __repr__(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.zh


KEEP = Marker("KEEP", "（不变）", "(unchanged)")
CLEAR = Marker("CLEAR", "（清空）", "(cleared)")


def is_marker(value: object) -> bool:
    """True for KEEP and CLEAR."""
    return value is KEEP or value is CLEAR
