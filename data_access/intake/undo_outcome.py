"""What an undo did, or why it cannot be done, and its line in the security log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from data_access.models import ImportLog
from data_access.security_log import record_event


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


def log_undo_event(conn: Connection, import_id: int, dataset: str, undone_by: str) -> None:
    """The security-log line of an undo (same transaction as the undo)."""
    file_name = conn.execute(select(ImportLog.file_name).where(ImportLog.id == import_id)).scalar()
    record_event(conn, "undo", undone_by, file_name, f"{dataset} no.{import_id}")
