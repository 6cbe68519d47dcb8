"""Undo the last import of a file: restore the rows it replaced, delete the rows it added."""

from __future__ import annotations

import json

from sqlalchemy import Engine, and_, bindparam, delete, func, select, update

from data_access.data_version import bump_data_version, note_local_write
from data_access.intake.inserted_keys import COMPACT_UNDO, INSERTED, expand, later_conflict
from data_access.intake.record_writing import undo_volunteer_records
from data_access.intake.specs import DATASETS
from data_access.intake.undo_outcome import UndoError, UndoResult, log_undo_event
from data_access.intake.writing import from_json_row, lock_dataset, now
from data_access.models import ImportChange, ImportLog, ImportRevision

LIVE = ("committed", "partial")
__all__ = ["LIVE", "UndoError", "UndoResult", "last_import", "undo_import", "undo_last_import"]


def last_import(engine: Engine, file_name: str, dataset: str | None = None) -> int | None:
    """The id of the newest import of a file that changed data and is not undone."""
    stmt = (
        select(func.max(ImportLog.id))
        .join(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .where(ImportLog.file_name == file_name, ImportRevision.status.in_(LIVE))
    )
    if dataset:
        stmt = stmt.where(ImportLog.dataset == dataset)
    with engine.connect() as conn:
        found = conn.execute(stmt).scalar()
    return int(found) if found is not None else None


def undo_import(engine: Engine, import_id: int, *, undone_by: str) -> UndoResult:
    """Undo one import in one transaction, unless a later import changed the same rows."""
    with engine.begin() as conn:
        found = conn.execute(
            select(ImportLog.dataset, ImportRevision.status)
            .join(ImportRevision, ImportRevision.import_id == ImportLog.id)
            .where(ImportLog.id == import_id)
        ).first()
        if found is None or found.status not in LIVE:
            raise UndoError("没有可撤销的导入", "there is no import to undo")
        spec = DATASETS[found.dataset]
        lock_dataset(conn, spec.key)
        bump_data_version(conn)  # first write: takes the SQLite write lock
        if spec.key == "volunteer_record":  # inserts marked by import_id, rollup kept in step
            return undo_volunteer_records(conn, spec, import_id, undone_by)
        changes = conn.execute(
            select(ImportChange.natural_key, ImportChange.previous).where(
                ImportChange.import_id == import_id
            )
        ).all()
        listed = [pair for key_json, previous in changes for pair in expand(key_json, previous)]
        later = ImportChange.__table__.alias("later")
        conflict = conn.execute(
            select(later.c.import_id)
            .select_from(
                ImportChange.__table__.join(
                    later,
                    and_(
                        later.c.dataset == ImportChange.dataset,
                        later.c.natural_key == ImportChange.natural_key,
                    ),
                ).join(ImportRevision, ImportRevision.import_id == later.c.import_id)
            )
            .where(
                ImportChange.import_id == import_id,
                ImportChange.natural_key != INSERTED,
                later.c.import_id > import_id,
                ImportRevision.status.in_(LIVE),
            )
            .limit(1)
        ).scalar()
        if conflict is None and spec.key in COMPACT_UNDO:  # later compact entries list keys
            conflict = later_conflict(conn, spec.key, import_id, {k for k, _ in listed})
        if conflict is not None:
            raise UndoError(
                f"之后的导入（编号 {conflict}）改动了相同的数据，请先撤销它",
                f"a later import (no. {conflict}) changed the same rows; undo it first",
            )
        table = spec.table
        key = spec.natural_key
        others = [c for c in spec.written if c not in key]
        deletes, restores = [], []
        for key_json, previous in listed:
            key_row = from_json_row(spec, dict(zip(key, json.loads(key_json), strict=True)))
            params = {f"k_{n}": v for n, v in key_row.items()}
            if previous is None:
                deletes.append(params)
            else:
                old = from_json_row(spec, json.loads(previous))
                restores.append(params | {f"v_{n}": old.get(n) for n in others})
        where = and_(*(table.c[n] == bindparam(f"k_{n}") for n in key))
        if deletes:
            conn.execute(delete(table).where(where), deletes)
        if restores:
            conn.execute(
                update(table).where(where).values({n: bindparam(f"v_{n}") for n in others}),
                restores,
            )
        conn.execute(
            update(ImportRevision)
            .where(ImportRevision.import_id == import_id)
            .values(status="undone", undone_by=undone_by[:80], undone_at=now())
        )
        log_undo_event(conn, import_id, spec.key, undone_by)
    note_local_write()  # after the commit, as in the pipeline
    return UndoResult(import_id, spec.key, len(restores), len(deletes))


def undo_last_import(
    engine: Engine, file_name: str, *, undone_by: str, dataset: str | None = None
) -> UndoResult:
    """Undo the newest live import of a file name."""
    import_id = last_import(engine, file_name, dataset)
    if import_id is None:
        raise UndoError(f"文件“{file_name}”没有可撤销的导入", f"no import of '{file_name}' to undo")
    return undo_import(engine, import_id, undone_by=undone_by)
