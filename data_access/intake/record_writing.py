"""Commit and undo of record files: staged in bulk, compared by SQL, rollup kept in step.

A record file is loaded into a temporary staging table (executemany through the SQLite
driver; COPY on PostgreSQL), then three set-based statements do the work in the file's one
transaction: new records are inserted with the import's id (`volunteer_record.import_id`
says which import wrote a row, so no per-row undo entry is needed for inserts), records that
changed are updated and their previous values kept in `import_change` (corrections are few),
and the daily rollup `volunteer_service` gets the differences.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import psycopg
from sqlalchemy import Connection, Engine, bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from data_access import record_partitions, rollups
from data_access.bulk import copy_frame
from data_access.intake.specs import DatasetSpec
from data_access.intake.undo_outcome import UndoError, UndoResult, log_undo_event
from data_access.intake.writing import (
    CHUNK,
    Progress,
    WriteResult,
    begin_import,
    insert_rows,
    key_texts,
    now,
    write_place_days,
)
from data_access.models import ImportChange, ImportLog, ImportRevision

STAGE = "volunteer_record_stage"
VALUES = ("volunteer_id", "adcode", "service_date", "field", "hours")
COLUMNS = ("source_id", *VALUES)
LIVE = ("committed", "partial")


def _sqlite_rows(records: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The records as tuples the SQLite driver stores the way SQLAlchemy would (ISO dates)."""
    out = []
    for name in columns:
        values = records[name]
        if name == "service_date":
            iso = {d: d.isoformat() for d in set(values)}
            out.append([iso[d] for d in values])
        elif name in ("hours", "import_id"):
            out.append(values.astype(float if name == "hours" else int).tolist())
        else:
            out.append(values.tolist())
    return list(zip(*out, strict=True))


def _load(conn: Connection, table: str, columns: tuple[str, ...], frame: pd.DataFrame) -> None:
    """Load a frame into a table in bulk: COPY on PostgreSQL, executemany on SQLite."""
    if conn.dialect.name == "postgresql":
        copy_frame(conn, table, columns, frame)
        return
    rows = _sqlite_rows(frame, columns)
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    for i in range(0, len(rows), CHUNK * 20):
        conn.exec_driver_sql(sql, rows[i : i + CHUNK * 20])


def _stage(conn: Connection, records: pd.DataFrame) -> None:
    """Create the temporary staging table and load the file's records into it."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                f"CREATE TEMP TABLE {STAGE} (source_id varchar(40), volunteer_id varchar(64), "
                "adcode varchar(6), service_date date, field varchar(20), "
                "hours double precision) ON COMMIT DROP"
            )
        )
        _load(conn, STAGE, COLUMNS, records)
        conn.execute(text(f"ANALYZE {STAGE}"))
        return
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE}")
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE {STAGE} (source_id TEXT, volunteer_id TEXT, adcode TEXT, "
        "service_date TEXT, field TEXT, hours REAL)"
    )
    _load(conn, f"temp.{STAGE}", COLUMNS, records)


def _insert_all(conn: Connection, records: pd.DataFrame, import_id: int) -> bool:
    """Insert every record straight into volunteer_record (no staging) inside a savepoint;
    False, with nothing written, when a record is stored already (then the file is staged
    and compared)."""
    frame = records[list(COLUMNS)].assign(import_id=import_id)
    try:
        with conn.begin_nested():
            _load(conn, "volunteer_record", (*COLUMNS, "import_id"), frame)
    except (IntegrityError, psycopg.errors.UniqueViolation):
        return False
    return True


def _unstage(conn: Connection) -> None:
    """Drop the staging table (PostgreSQL drops it at commit)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE}")


def _as_date(value: object) -> dt.date:
    """A stored date (ISO text on SQLite) as a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def write_volunteer_records(
    engine: Engine,
    spec: DatasetSpec,
    records: pd.DataFrame,
    entry: dict[str, Any],
    *,
    skipped: int,
    partial: bool,
    progress: Progress | None = None,
) -> WriteResult:
    """Write a record file, its rollup differences and its log entry in one transaction."""
    total = len(records)
    # PostgreSQL: the months' partitions first, in a short transaction of their own, so the
    # import's long transaction never holds the parent table's lock that creating one takes.
    record_partitions.ensure_month_partitions(engine, set(records["service_date"]))
    with engine.begin() as conn:
        import_id = begin_import(conn, spec.key, entry)
        if progress:
            progress(0, total)
        changed: Sequence[Any] = []
        existing = 0
        if _insert_all(conn, records, import_id):
            new = records
        else:
            _stage(conn, records)
            differs = " OR ".join(
                f"r.{c} <> s.{c}" for c in ("volunteer_id", "adcode", "service_date", "field")
            )
            changed = conn.execute(
                text(
                    f"SELECT s.source_id, {', '.join('s.' + c for c in VALUES)}, "
                    f"{', '.join('r.' + c for c in VALUES)}, r.import_id "
                    f"FROM {STAGE} s JOIN volunteer_record r ON r.source_id = s.source_id "
                    f"WHERE {differs} OR ABS(r.hours - s.hours) > 1e-9"
                )
            ).all()
            stored = conn.execute(
                text(
                    f"SELECT s.source_id FROM {STAGE} s "
                    "JOIN volunteer_record r ON r.source_id = s.source_id"
                )
            ).scalars()
            known = set(stored)
            existing = len(known)
            conn.execute(
                text(
                    f"INSERT INTO volunteer_record ({', '.join(COLUMNS)}, import_id) "
                    f"SELECT {', '.join('s.' + c for c in COLUMNS)}, :n FROM {STAGE} s "
                    "WHERE NOT EXISTS "
                    "(SELECT 1 FROM volunteer_record r WHERE r.source_id = s.source_id)"
                ),
                {"n": import_id},
            )
            new = records[~records["source_id"].isin(known)]
        inserted = total - int(existing)
        if inserted:
            rollups.add_record_frame(conn, new)
        if progress:
            progress(inserted, total)
        _update_changed(conn, spec, import_id, changed)
        # the places and days this file reported (new or corrected records): its lateness
        moved = pd.DataFrame(
            [(row[2], _as_date(row[3])) for row in changed], columns=["adcode", "day"]
        )  # s.adcode, s.service_date of each corrected record
        reported = new[["adcode", "service_date"]].rename(columns={"service_date": "day"})
        both = [f for f in (reported, moved) if len(f)]
        if both:
            write_place_days(conn, import_id, pd.concat(both, ignore_index=True))
        _unstage(conn)
        revision_of = max((row[-1] for row in changed if row[-1] is not None), default=None)
        if revision_of is None and (inserted or changed):
            revision_of = conn.execute(
                select(ImportLog.id)
                .join(ImportRevision, ImportRevision.import_id == ImportLog.id)
                .where(
                    ImportLog.dataset == spec.key,
                    ImportLog.file_name == entry["file_name"],
                    ImportRevision.status.in_(LIVE),
                )
                .order_by(ImportLog.id.desc())
                .limit(1)
            ).scalar()
        status = (
            "unchanged" if not (inserted or changed) else ("partial" if partial else "committed")
        )
        unchanged = int(existing) - len(changed)
        conn.execute(
            insert(ImportRevision).values(
                import_id=import_id,
                status=status,
                revision_of=revision_of,
                rows_inserted=inserted,
                rows_updated=len(changed),
                rows_unchanged=unchanged,
                rows_skipped=skipped,
            )
        )
        if progress:
            progress(total, total)
    return WriteResult(import_id, status, inserted, len(changed), unchanged, revision_of)


def _update_changed(
    conn: Connection, spec: DatasetSpec, import_id: int, changed: Sequence[Any]
) -> None:
    """Update records the file corrects; keep their previous values; move their rollup."""
    if not changed:
        return
    width = len(VALUES)
    deltas = []
    params = []
    previous = []
    for row in changed:
        key, new, old, old_import = row[0], row[1 : 1 + width], row[1 + width : -1], row[-1]
        new_v = dict(zip(VALUES, new, strict=True))
        old_v = dict(zip(VALUES, old, strict=True))
        deltas.append((new_v["adcode"], _as_date(new_v["service_date"]), new_v["field"],
                       float(new_v["hours"]), 1))  # fmt: skip
        deltas.append((old_v["adcode"], _as_date(old_v["service_date"]), old_v["field"],
                       -float(old_v["hours"]), -1))  # fmt: skip
        params.append({"k": key, **{f"v_{c}": new_v[c] for c in VALUES}, "n": import_id})
        before = {c: _json(old_v[c]) for c in VALUES} | {"import_id": old_import}
        previous.append(json.dumps(before, ensure_ascii=False))
    params = [p | {"v_service_date": _as_date(p["v_service_date"])} for p in params]
    table = spec.table
    conn.execute(
        update(table)
        .where(table.c.source_id == bindparam("k"))
        .values({c: bindparam(f"v_{c}") for c in VALUES} | {"import_id": bindparam("n")}),
        params,
    )
    rollups.apply_deltas(conn, deltas)
    rollups.drop_empty(conn)
    keys = key_texts([(row[0],) for row in changed])
    rows = [(import_id, spec.key, k, p) for k, p in zip(keys, previous, strict=True)]
    insert_rows(
        conn, ImportChange.__table__, ["import_id", "dataset", "natural_key", "previous"], rows
    )


def _json(value: object) -> object:
    """A stored value as JSON holds it."""
    return value.isoformat() if isinstance(value, dt.date) else value


def undo_volunteer_records(
    conn: Connection, spec: DatasetSpec, import_id: int, undone_by: str
) -> UndoResult:
    """Undo a record import inside the caller's transaction (see undo.undo_import).

    Refused when a later live import changed a row this import wrote.
    """
    later = conn.execute(
        select(ImportChange.import_id, ImportChange.previous)
        .join(ImportRevision, ImportRevision.import_id == ImportChange.import_id)
        .where(
            ImportChange.dataset == spec.key,
            ImportChange.import_id > import_id,
            ImportRevision.status.in_(LIVE),
            ImportChange.previous.is_not(None),
        )
    ).all()
    for other, previous in later:
        if json.loads(previous).get("import_id") == import_id:  # type: ignore[arg-type]  # the query keeps non-null ones
            raise UndoError(
                f"之后的导入（编号 {other}）改动了相同的数据，请先撤销它",
                f"a later import (no. {other}) changed the same rows; undo it first",
            )
    changes = conn.execute(
        select(ImportChange.natural_key, ImportChange.previous).where(
            ImportChange.import_id == import_id
        )
    ).all()
    table = spec.table
    deltas = []
    restores = []
    for key_json, previous in changes:
        key = json.loads(key_json)[0]
        old = json.loads(previous)  # type: ignore[arg-type]  # a record import logs only updates, each with its previous row
        current = conn.execute(
            select(*(table.c[c] for c in VALUES)).where(table.c.source_id == key)
        ).one()
        cur = dict(zip(VALUES, current, strict=True))
        deltas.append((cur["adcode"], _as_date(cur["service_date"]), cur["field"],
                       -float(cur["hours"]), -1))  # fmt: skip
        deltas.append((old["adcode"], dt.date.fromisoformat(old["service_date"]), old["field"],
                       float(old["hours"]), 1))  # fmt: skip
        restores.append(
            {"k": key}
            | {f"v_{c}": old[c] for c in VALUES}
            | {"v_service_date": dt.date.fromisoformat(old["service_date"])}
            | {"n": old.get("import_id")}
        )
    if restores:
        conn.execute(
            update(table)
            .where(table.c.source_id == bindparam("k"))
            .values({c: bindparam(f"v_{c}") for c in VALUES} | {"import_id": bindparam("n")}),
            restores,
        )
        rollups.apply_deltas(conn, deltas)
    rollups.add_records(conn, "import_id = :n", {"n": import_id}, subtract=True)
    deleted = conn.execute(
        text("DELETE FROM volunteer_record WHERE import_id = :n"), {"n": import_id}
    ).rowcount
    rollups.drop_empty(conn)
    conn.execute(
        update(ImportRevision)
        .where(ImportRevision.import_id == import_id)
        .values(status="undone", undone_by=undone_by[:80], undone_at=now())
    )
    log_undo_event(conn, import_id, spec.key, undone_by)
    return UndoResult(import_id, spec.key, len(restores), int(deleted))
