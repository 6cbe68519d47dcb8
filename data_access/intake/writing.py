"""One transaction per file: upsert by natural key, remember replaced rows, log the import.

Portable on SQLite and PostgreSQL: existing rows covered by the file are read back, rows that
differ are UPDATEd by natural key (surrogate ids and the rows that point at them survive),
new rows are INSERTed, all with executemany in chunks of bound parameters. Imports of one
dataset are serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by the
database write lock, taken by the import-log insert that opens the transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)

from data_access import rollup_defs, rollup_rows
from data_access.bulk import arrow_types, copy_rows, rows_csv_bytes
from data_access.data_version import note_local_write
from data_access.intake.cadences import CADENCES
from data_access.intake.columns import DatasetSpec
from data_access.intake.inserted_keys import change_rows, newest_inserting
from data_access.intake.merging import check_merged, merge_with_stored
from data_access.intake.phases import phase
from data_access.intake.unique_cells import is_plain
from data_access.models import (
    ImportChange,
    ImportLog,
    ImportPlace,
    ImportPlaceDay,
    ImportRevision,
    Region,
)

CHUNK = 5_000
COPY_MIN_ROWS = 1_000  # PostgreSQL: inserts of this many rows go through COPY
IN_LIST = 500
Progress = Callable[[int, int], None]  # rows done, rows in all


class ChangedSinceCheck(Exception):
    """The stored rows changed between the check and the commit so that rows now fail."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class WriteResult:
    """What one committed import did."""

    import_id: int
    status: str
    inserted: int
    updated: int
    unchanged: int
    revision_of: int | None


def now() -> dt.datetime:
    """The current UTC time without a zone, as the log stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def to_json_value(value: object) -> object:
    """A cell value as JSON can hold it (dates as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def key_text(key: Iterable[object]) -> str:
    """The natural key of a row as canonical JSON text."""
    return json.dumps([to_json_value(v) for v in key], ensure_ascii=False, separators=(",", ":"))


def key_texts(keys: list[tuple[Any, ...]]) -> list[str]:
    """key_text of many keys, each distinct part encoded once (same text as key_text)."""
    if not keys:
        return []
    columns = list(zip(*keys, strict=True))
    if len(columns) == 1 and _all_json_plain(columns[0]):  # "v" is its JSON text
        return [f'["{v}"]' for v in columns[0]]
    encoded = []
    for column in columns:
        fragments = {v: json.dumps(to_json_value(v), ensure_ascii=False) for v in set(column)}
        encoded.append([fragments[v] for v in column])
    return ["[" + ",".join(parts) + "]" for parts in zip(*encoded, strict=True)]


_JSON_PLAIN_ITEM = r"[!#-\[\]-~](?:[ !#-\[\]-~]*[!#-\[\]-~])?"  # is_plain without " and \
_JSON_PLAIN_LINES = re.compile(f"{_JSON_PLAIN_ITEM}(?:\n{_JSON_PLAIN_ITEM})*")


def _all_json_plain(values: tuple[object, ...]) -> bool:
    """True when every value is text JSON writes as itself in quotes (as _json_plain of each,
    judged in one pass over the values joined by line breaks, which no such text holds)."""
    if set(map(type, values)) != {str}:
        return all(_json_plain(v) for v in values)
    joined = "\n".join(values)  # type: ignore[arg-type]  # all text: checked above
    if joined.count("\n") != len(values) - 1:  # a value holds a line break: not plain
        return False
    return _JSON_PLAIN_LINES.fullmatch(joined) is not None


def _json_plain(value: object) -> bool:
    """True for text JSON writes as itself in quotes (printable ASCII without quote or \\)."""
    return is_plain(value) and '"' not in value and "\\" not in value


def _sqlite_columns(columns: list[list[object]]) -> list[list[object]]:
    """Columns as the SQLite driver stores them the way SQLAlchemy would (dates as ISO text)."""
    out = []
    for values in columns:
        sample = next((v for v in values if v is not None), None)
        if isinstance(sample, dt.date) or hasattr(sample, "item"):
            cache: dict[object, object] = {}
            for v in set(values):
                cache[v] = v.isoformat() if isinstance(v, dt.date) else to_json_value(v)
            values = [cache[v] for v in values]
        out.append(values)
    return out


def insert_rows(
    conn: Connection, table: Table, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """INSERT many rows: on SQLite with bound parameters straight through the driver, on
    PostgreSQL through COPY when there are many (the same values, one statement)."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        types = arrow_types(table, columns) if len(rows) >= COPY_MIN_ROWS else None
        data = None
        if types is not None:
            try:
                data = rows_csv_bytes(rows, types)
            except (pa.ArrowException, TypeError, ValueError, OverflowError):
                data = None  # a value Arrow cannot convert: the driver binds it instead
        if data is not None:
            quote = conn.dialect.identifier_preparer.quote
            copy_rows(conn, quote(table.name), [quote(c) for c in columns], data)
            return
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    values = _sqlite_columns([list(c) for c in zip(*rows, strict=True)])
    conn.exec_driver_sql(sql, list(zip(*values, strict=True)))


def from_json_row(spec: DatasetSpec, row: dict[str, object]) -> dict[str, object]:
    """A stored JSON row back to database values (ISO text to dates)."""
    out: dict[str, object] = {}
    for name, value in row.items():
        column = spec.table.c[name]
        if value is not None and column.type.python_type is dt.date:
            value = dt.date.fromisoformat(str(value))
        out[name] = value
    return out


def _same(a: object, b: object) -> bool:
    """Equal values, floats within rounding."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]  # numbers here, None handled above
    if isinstance(a, dt.datetime):
        a = a.date()
    if isinstance(b, dt.datetime):
        b = b.date()
    return a == b


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive slices of at most size items."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def lock_dataset(conn: Connection, dataset: str) -> None:
    """Serialise writers of one dataset (PostgreSQL advisory lock; SQLite locks the file)."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:k)"),
            {"k": zlib.crc32(f"intake:{dataset}".encode())},
        )


def existing_rows(
    conn: Connection, spec: DatasetSpec, records: pd.DataFrame
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Rows already stored under the file's natural keys: key -> written values."""
    table = spec.table
    key = spec.natural_key
    others = [c for c in spec.written if c not in key]
    columns = [table.c[c] for c in (*key, *others)]
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    if records.empty or conn.execute(select(1).select_from(table).limit(1)).first() is None:
        return found  # nothing stored yet (a first load): no key to look up
    if len(key) == 1:
        values = sorted(set(records[key[0]].tolist()))
        for part in _chunks(values, IN_LIST):
            stmt = select(*columns).where(table.c[key[0]].in_(part))
            for row in conn.execute(stmt):
                found[(row[0],)] = tuple(row[1:])
        return found
    conditions = []
    for name in key:
        column_values = records[name].tolist()
        if table.c[name].type.python_type is dt.date:
            conditions.append(table.c[name].between(min(column_values), max(column_values)))
        else:
            distinct = sorted(set(column_values))
            if len(distinct) <= 1000:
                conditions.append(table.c[name].in_(distinct))
    wanted = set(zip(*(records[k].tolist() for k in key), strict=True))
    for row in conn.execute(select(*columns).where(and_(*conditions))):
        k = tuple(row[: len(key)])
        if k in wanted:
            found[k] = tuple(row[len(key) :])
    return found


def _plan(
    spec: DatasetSpec, records: pd.DataFrame, existing: dict[tuple[Any, ...], tuple[Any, ...]]
) -> tuple[
    list[tuple[Any, ...]], list[dict[str, Any]], list[tuple[Any, ...]], list[str | None], int
]:
    """Split records into inserts, updates and unchanged rows; note what each change replaces."""
    key = spec.natural_key
    others = [c for c in spec.written if c not in key]
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    changed_keys: list[tuple[Any, ...]] = []
    previous: list[str | None] = []
    unchanged = 0
    columns = [records[c].tolist() for c in (*key, *others)]
    if not existing:  # nothing stored under these keys: every row is new
        inserts = list(zip(*columns, strict=True))
        changed_keys = list(zip(*columns[: len(key)], strict=True))
        return inserts, updates, changed_keys, [None] * len(inserts), 0
    for row in zip(*columns, strict=True):
        k, values = row[: len(key)], row[len(key) :]
        before = existing.get(k)
        if before is None:
            inserts.append(row)
            changed_keys.append(k)
            previous.append(None)
        elif all(_same(a, b) for a, b in zip(values, before, strict=True)):
            unchanged += 1
        else:
            updates.append(
                {f"k_{n}": v for n, v in zip(key, k, strict=True)}
                | {f"v_{n}": v for n, v in zip(others, values, strict=True)}
            )
            changed_keys.append(k)
            old = {n: to_json_value(v) for n, v in zip(others, before, strict=True)}
            previous.append(json.dumps(old, ensure_ascii=False))
    return inserts, updates, changed_keys, previous, unchanged


def _revision_of(
    conn: Connection, spec: DatasetSpec, file_name: str, updated_keys: list[str]
) -> int | None:
    """The import this one revises: the last live one that wrote a replaced row, or that had
    the same file name."""
    live = ImportRevision.status.in_(("committed", "partial"))
    for part in _chunks(updated_keys[:IN_LIST], IN_LIST):
        stmt = (
            select(func.max(ImportChange.import_id))
            .join(ImportRevision, ImportRevision.import_id == ImportChange.import_id)
            .where(ImportChange.dataset == spec.key, ImportChange.natural_key.in_(part), live)
        )
        found = conn.execute(stmt).scalar()
        listed = newest_inserting(conn, spec.key, part, found)  # compact entries (inserts)
        if listed is not None:
            return listed
        if found is not None:
            return int(found)
    stmt = (
        select(func.max(ImportLog.id))
        .join(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .where(ImportLog.dataset == spec.key, ImportLog.file_name == file_name, live)
    )
    found = conn.execute(stmt).scalar()
    return int(found) if found is not None else None


def record_places(conn: Connection, import_id: int, adcodes: pd.Series | None) -> None:
    """Remember which places an import wrote (with their cities): who may see it."""
    if adcodes is None:
        return
    codes = sorted({c for c in adcodes.tolist() if isinstance(c, str)})
    city_of: dict[str, str | None] = {}
    for part in _chunks(codes, IN_LIST):
        stmt = select(Region.adcode, Region.city_adcode).where(Region.adcode.in_(part))
        city_of.update(dict(conn.execute(stmt).all()))
    rows = [(import_id, c, city_of.get(c)) for c in codes]
    for part in _chunks(rows, CHUNK):
        insert_rows(conn, ImportPlace.__table__, ["import_id", "adcode", "city_adcode"], part)


def record_place_days(
    conn: Connection, import_id: int, spec: DatasetSpec, rows: pd.DataFrame
) -> None:
    """For a dataset whose history is keyed by record (the suggestions), remember which places
    and days the import wrote: when each place first reported each day (报送情况)."""
    rule = CADENCES.get(spec.key)
    if rule is None or not rule.record_history or rule.date_column is None:
        return
    write_place_days(
        conn, import_id, rows[["adcode", rule.date_column]].set_axis(["adcode", "day"], axis=1)
    )


def write_place_days(conn: Connection, import_id: int, rows: pd.DataFrame) -> int:
    """Remember each distinct (place, day) pair of the rows an import wrote (columns adcode
    and day) in import_place_day; the count."""
    pairs = rows[["adcode", "day"]].dropna().drop_duplicates()
    days = pairs["day"]
    if pd.api.types.is_datetime64_any_dtype(days):
        days = days.dt.date
    else:
        days = days.map(lambda d: d.date() if isinstance(d, dt.datetime) else d)
    pairs = pd.DataFrame({"adcode": pairs["adcode"].to_numpy(), "day": days.to_numpy()})
    pairs = pairs.drop_duplicates()
    values = [(import_id, a, d) for a, d in zip(pairs["adcode"], pairs["day"], strict=True)]
    for part in _chunks(values, CHUNK):
        insert_rows(conn, ImportPlaceDay.__table__, ["import_id", "adcode", "day"], part)
    return len(values)


def log_import_event(conn: Connection, entry: dict[str, Any], import_id: int, status: str) -> None:
    """The security-log line of an import (same transaction as its import-log row)."""
    from data_access.security_log import record_event

    detail = (
        f"{entry.get('dataset')} no.{import_id} {status}: "
        f"accepted {entry.get('rows_accepted', 0)}, rejected {entry.get('rows_rejected', 0)}"
    )
    record_event(conn, "import", entry.get("imported_by"), entry.get("file_name"), detail)


def _log_row(conn: Connection, entry: dict[str, Any], status: str) -> int:
    """Write the import's log row and its security-log event; return the import id."""
    import_id = int(conn.execute(insert(ImportLog).values(**entry)).inserted_primary_key[0])  # type: ignore[index]  # a one-row INSERT always returns its key
    note_local_write()
    log_import_event(conn, entry, import_id, status)
    return import_id


def begin_import(conn: Connection, dataset: str, entry: dict[str, Any]) -> int:
    """Start writing a file: lock the dataset, then write the log row first (on SQLite this
    takes the write lock before anything is read); return the import id."""
    lock_dataset(conn, dataset)
    return _log_row(conn, entry, "written")


def log_attempt(engine: Engine, entry: dict[str, Any], status: str, skipped: int) -> int:
    """Record an import that wrote no data (rejected or failed) in its own transaction."""
    with engine.begin() as conn:
        import_id = _log_row(conn, entry, status)
        conn.execute(
            insert(ImportRevision).values(
                import_id=import_id,
                status=status,
                rows_inserted=0,
                rows_updated=0,
                rows_unchanged=0,
                rows_skipped=skipped,
            )
        )
    return int(import_id)


def _write_rows(
    conn: Connection,
    table: Table,
    key: tuple[str, ...],
    others: list[str],
    inserts: list[tuple[Any, ...]],
    updates: list[dict[str, Any]],
    progress: Progress | None,
) -> None:
    """UPDATE the changed rows and INSERT the new ones, in chunks, reporting progress."""
    total, done = len(inserts) + len(updates), 0
    if updates:
        stmt = (
            update(table)
            .where(and_(*(table.c[n] == bindparam(f"k_{n}") for n in key)))
            .values({n: bindparam(f"v_{n}") for n in others})
        )
        for part in _chunks(updates, CHUNK):
            conn.execute(stmt, part)
            done += len(part)
            if progress:
                progress(done, total)
    for part in _chunks(inserts, CHUNK):
        insert_rows(conn, table, [*key, *others], part)
        done += len(part)
        if progress:
            progress(done, total)


def write_records(
    engine: Engine,
    spec: DatasetSpec,
    records: pd.DataFrame,
    entry: dict[str, Any],
    *,
    skipped: int,
    partial: bool,
    progress: Progress | None = None,
) -> WriteResult:
    """Write the records of one file and its log entry in one transaction.

    Values the file does not give (KEEP) are taken from the rows stored now, under the lock;
    if that makes a row fail its checks (another import changed it since the file was
    checked), nothing is written and ChangedSinceCheck says which row.
    """
    table = spec.table
    key = spec.natural_key
    others = [c for c in spec.written if c not in key]
    records = records[list(spec.written)]
    with engine.begin() as conn:
        import_id = begin_import(conn, spec.key, entry)
        existing = existing_rows(conn, spec, records)
        records, is_new = merge_with_stored(spec, records, existing)
        for i, reasons in enumerate(check_merged(spec, records, is_new)):
            if reasons:
                zh, en = reasons[0]
                raise ChangedSinceCheck(f"第 {i + 1} 条：{zh}", f"item {i + 1}: {en}")
        inserts, updates, changed_keys, previous, unchanged = _plan(spec, records, existing)
        total = len(inserts) + len(updates)
        if progress:
            progress(0, total)
        added = None
        if not updates and len(inserts) >= rollup_defs.BULK_MIN_ROWS:
            with phase("rollups"):
                added = rollup_rows.shares(conn, table.name, [*key, *others], inserts)
        if added is not None:  # every row new: the rollups grow by exactly their share
            with rollup_defs.triggers_off(conn, table.name):
                _write_rows(conn, table, key, others, inserts, updates, progress)
                with phase("rollups"):
                    rollup_rows.add(conn, added)
        else:
            with rollup_defs.bulk_writes(conn, table.name, total):
                _write_rows(conn, table, key, others, inserts, updates, progress)
        texts = key_texts(changed_keys)
        changes = change_rows(import_id, spec.key, texts, previous)
        change_columns = ["import_id", "dataset", "natural_key", "previous"]
        for part in _chunks(changes, CHUNK * 4):
            insert_rows(conn, ImportChange.__table__, change_columns, part)
        record_places(conn, import_id, records["adcode"] if spec.has_place else None)
        if texts:
            record_place_days(conn, import_id, spec, records)
        updated_keys = [k for k, p in zip(texts, previous, strict=True) if p is not None]
        revision_of = _revision_of(conn, spec, entry["file_name"], updated_keys)
        status = "unchanged" if not texts else ("partial" if partial else "committed")
        conn.execute(
            insert(ImportRevision).values(
                import_id=import_id,
                status=status,
                revision_of=revision_of,
                rows_inserted=len(inserts),
                rows_updated=len(updates),
                rows_unchanged=unchanged,
                rows_skipped=skipped,
            )
        )
    return WriteResult(import_id, status, len(inserts), len(updates), unchanged, revision_of)
