"""Compact undo entries: one `import_change` row lists every row an import inserted.

For the datasets in COMPACT_UNDO an import writes one change row whose natural_key is
INSERTED and whose `previous` holds the inserted rows' key texts, one a line (a key text is
JSON, which never holds a raw line break), instead of one row per inserted row. Rows it
updated keep one change row each, with their previous values. Undo, the later-import check
and the revision link read both forms, so imports written before this change undo as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from data_access.models import ImportChange, ImportRevision

INSERTED = "*inserted*"  # the natural_key of the one entry listing an import's inserted rows
COMPACT_UNDO = frozenset({"suggestion"})
LIVE = ("committed", "partial")


def change_rows(
    import_id: int, dataset: str, keys: list[str], previous: list[str | None]
) -> list[tuple[Any, ...]]:
    """The import_change rows of an import: (import_id, dataset, natural_key, previous)."""
    if dataset not in COMPACT_UNDO:
        return [(import_id, dataset, k, p) for k, p in zip(keys, previous, strict=True)]
    rows = [
        (import_id, dataset, k, p) for k, p in zip(keys, previous, strict=True) if p is not None
    ]
    inserted = [k for k, p in zip(keys, previous, strict=True) if p is None]
    if inserted:
        rows.append((import_id, dataset, INSERTED, "\n".join(inserted)))
    return rows


def expand(natural_key: str, previous: str | None) -> list[tuple[str, str | None]]:
    """A change row as (key text, previous) pairs: the listed keys of a compact entry."""
    if natural_key == INSERTED:
        return [(k, None) for k in (previous or "").split("\n") if k]
    return [(natural_key, previous)]


def later_conflict(conn: Connection, dataset: str, import_id: int, keys: set[str]) -> int | None:
    """The first later live import of the dataset that changed (or inserted) one of the keys."""
    rows = conn.execute(
        select(ImportChange.import_id, ImportChange.natural_key, ImportChange.previous)
        .join(ImportRevision, ImportRevision.import_id == ImportChange.import_id)
        .where(
            ImportChange.dataset == dataset,
            ImportChange.import_id > import_id,
            ImportRevision.status.in_(LIVE),
        )
        .order_by(ImportChange.import_id)
    )
    for other, natural_key, previous in rows:
        if natural_key == INSERTED:
            if not keys.isdisjoint(k for k, _ in expand(natural_key, previous)):
                return int(other)
        elif natural_key in keys:
            return int(other)
    return None


def newest_inserting(
    conn: Connection, dataset: str, keys: list[str], newer_than: int | None
) -> int | None:
    """The newest live import (newer than the one given) whose compact entry lists a key."""
    if dataset not in COMPACT_UNDO or not keys:
        return None
    wanted = set(keys)
    stmt = (
        select(ImportChange.import_id, ImportChange.previous)
        .join(ImportRevision, ImportRevision.import_id == ImportChange.import_id)
        .where(
            ImportChange.dataset == dataset,
            ImportChange.natural_key == INSERTED,
            ImportRevision.status.in_(LIVE),
        )
        .order_by(ImportChange.import_id.desc())
    )
    if newer_than is not None:
        stmt = stmt.where(ImportChange.import_id > newer_than)
    for other, previous in conn.execute(stmt):
        if not wanted.isdisjoint((previous or "").split("\n")):
            return int(other)
    return None
