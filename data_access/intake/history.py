"""The import history and the files whose last import can be undone, within a user's scope.

A user scoped to a city or a county sees an import when every place it wrote lies within
their scope (an import that wrote nothing: when the importer's own scope does); the demo load
and province-wide files are visible to province users only.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import Engine, Select, and_, exists, not_, or_, select

from data_access.frames import tuples_frame
from data_access.intake.undo import LIVE
from data_access.models import ImportLog, ImportPlace, ImportRevision, Region

S = TypeVar("S", bound="Select[*tuple[Any, ...]]")  # a select keeps its row type

HISTORY_COLUMNS = [
    "id",
    "imported_at",
    "dataset",
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


def _scope_level(engine: Engine, scope_adcode: str | None) -> str | None:
    """The level of a scope place (None: no scope, or the province)."""
    if not scope_adcode:
        return None
    with engine.connect() as conn:
        level = conn.execute(select(Region.level).where(Region.adcode == scope_adcode)).scalar()
    return None if level in (None, "province") else level


def within_scope(stmt: S, engine: Engine, scope_adcode: str | None) -> S:
    """The statement limited to imports a user of this scope may see."""
    level = _scope_level(engine, scope_adcode)
    if level is None:
        return stmt
    place = ImportPlace.__table__.alias("place")
    mine = (
        place.c.city_adcode == scope_adcode if level == "city" else place.c.adcode == scope_adcode
    )
    own = place.c.import_id == ImportLog.id
    wrote_mine = exists().where(own, mine)
    wrote_other = exists().where(own, not_(mine))
    wrote_any = exists().where(own)
    importer = ImportLog.scope_adcode == scope_adcode
    if level == "city":
        county = select(Region.adcode).where(Region.city_adcode == scope_adcode)
        importer = or_(importer, ImportLog.scope_adcode.in_(county))
    return stmt.where(or_(and_(wrote_mine, not_(wrote_other)), and_(not_(wrote_any), importer)))


def import_history(
    engine: Engine, dataset: str | None = None, limit: int = 30, scope_adcode: str | None = None
) -> pd.DataFrame:
    """The newest imports (of one dataset, or all) with their outcome and counts."""
    stmt = (
        select(
            ImportLog.id,
            ImportLog.imported_at,
            ImportLog.dataset,
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
        .outerjoin(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .order_by(ImportLog.id.desc())
        .limit(limit)
    )
    if dataset is not None:
        stmt = stmt.where(ImportLog.dataset == dataset)
    stmt = within_scope(stmt, engine, scope_adcode)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return tuples_frame(rows, HISTORY_COLUMNS)


def undoable_files(engine: Engine, dataset: str, scope_adcode: str | None = None) -> list[str]:
    """File names of the dataset with a live import the user may see, by name."""
    stmt = (
        select(ImportLog.file_name)
        .join(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .where(ImportLog.dataset == dataset, ImportRevision.status.in_(LIVE))
        .group_by(ImportLog.file_name)
        .order_by(ImportLog.file_name)
    )
    stmt = within_scope(stmt, engine, scope_adcode)
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(stmt)]
