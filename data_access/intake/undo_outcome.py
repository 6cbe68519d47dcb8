"""What an undo did, or why it cannot be done."""

from __future__ import annotations

from dataclasses import dataclass


class UndoError(Exception):
    """An undo that cannot be done, with the reason in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class UndoResult:
    """What an undo did."""

    import_id: int
    dataset: str
    restored: int
    deleted: int
