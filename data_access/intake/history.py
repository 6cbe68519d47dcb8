"""The import history of a dataset and the files whose last import can be undone."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data_access.intake.undo import LIVE
from data_access.models import ImportLog, ImportRevision

HISTORY_COLUMNS = [
    "id",
    "imported_at",
    "file_name",
    "imported_by",
    "status",
    "rows_inserted",
    "rows_updated",
    "rows_unchanged",
    "rows_rejected",
    "rows_skipped",
    "revision_of",
    "undone_by",
    "file_hash",
]


def import_history(engine: Engine, dataset: str, limit: int = 30) -> pd.DataFrame:
    """The newest imports of a dataset with their outcome and counts."""
    stmt = (
        select(
            ImportLog.id,
            ImportLog.imported_at,
            ImportLog.file_name,
            ImportLog.imported_by,
            ImportRevision.status,
            ImportRevision.rows_inserted,
            ImportRevision.rows_updated,
            ImportRevision.rows_unchanged,
            ImportLog.rows_rejected,
            ImportRevision.rows_skipped,
            ImportRevision.revision_of,
            ImportRevision.undone_by,
            ImportLog.file_hash,
        )
        .join(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .where(ImportLog.dataset == dataset)
        .order_by(ImportLog.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def undoable_files(engine: Engine, dataset: str) -> list[str]:
    """File names of the dataset with a live import, newest first."""
    stmt = (
        select(ImportLog.file_name)
        .join(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .where(ImportLog.dataset == dataset, ImportRevision.status.in_(LIVE))
        .group_by(ImportLog.file_name)
        .order_by(ImportLog.file_name)
    )
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(stmt)]
