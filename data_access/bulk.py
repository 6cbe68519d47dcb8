"""Bulk writes: rows or a frame's columns through COPY (PostgreSQL, the CSV written by Arrow),
and a whole frame appended at the driver's speed (COPY or one executemany; the demo's first
start)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Integer, Table

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime in SQLite
CHUNK = 100_000

_ARROW_TYPES = {
    dt.datetime: pa.timestamp("us"),
    dt.date: pa.date32(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    str: pa.string(),
}


def arrow_types(table: Table, columns: list[str]) -> list[pa.DataType] | None:
    """The Arrow type of each column of a table (None when one has no plain Python type)."""
    out = []
    for name in columns:
        try:
            python = table.c[name].type.python_type
        except NotImplementedError:
            return None
        if python not in _ARROW_TYPES:
            return None
        out.append(_ARROW_TYPES[python])
    return out


def rows_csv_bytes(rows: list[tuple[Any, ...]], types: list[pa.DataType]) -> bytes:
    """Rows as CSV for COPY, each column converted to its Arrow type (pyarrow raises on a
    value that does not fit, before anything is sent)."""
    arrays = [
        pa.array(list(values), type=kind, from_pandas=True)
        for values, kind in zip(zip(*rows, strict=True), types, strict=True)
    ]
    return _write(pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))]))


def copy_rows(conn: Connection, table: str, columns: list[str], data: bytes) -> None:
    """COPY CSV bytes into a table's columns (PostgreSQL), inside the caller's transaction."""
    with _copy(conn, f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(data)


@contextmanager
def _copy(conn: Connection, statement: str) -> Iterator[Any]:
    """A psycopg COPY ... FROM STDIN on the connection, inside the caller's transaction."""
    raw = conn.connection.driver_connection
    with raw.cursor() as cur:  # type: ignore[union-attr]  # None only once the connection is closed
        with cur.copy(statement) as copy:
            yield copy


def _write(table: pa.Table) -> bytes:
    """An Arrow table as CSV without a header, every value quoted (so an empty text stays
    text and only a missing value is NULL)."""
    sink = io.BytesIO()
    options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    pa_csv.write_csv(table, sink, options)
    return sink.getvalue()


def csv_bytes(frame: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    """Columns of a frame as CSV for COPY, written by Arrow's C++ writer."""
    arrays = []
    for name in columns:
        values = frame[name]
        sample = next((v for v in values if v is not None), None)
        if values.dtype.kind in "iu":
            arrays.append(pa.array(values.to_numpy(), type=pa.int64()))
        elif isinstance(sample, dt.date):
            arrays.append(pa.array(values.tolist(), type=pa.date32()))
        elif isinstance(sample, float | int) and not isinstance(sample, bool):
            arrays.append(pa.array(values.astype(float).to_numpy(), type=pa.float64()))
        else:
            arrays.append(pa.array(values.tolist(), type=pa.string()))
    return _write(pa.Table.from_arrays(arrays, names=list(columns)))


def copy_frame(conn: Connection, table: str, columns: tuple[str, ...], frame: pd.DataFrame) -> None:
    """COPY a frame's columns into a table (PostgreSQL), inside the caller's transaction."""
    copy_rows(conn, table, list(columns), csv_bytes(frame, columns))


def _column_values(column: Column[Any], values: pd.Series, dialect: str) -> pd.Series:
    """One column as plain Python values the driver takes as they are (None for missing)."""
    missing = values.isna()
    out: pd.Series
    if isinstance(column.type, DateTime):
        stamps = pd.to_datetime(values)
        out = stamps.dt.strftime(SQLITE_DATETIME if dialect == "sqlite" else "%Y-%m-%d %H:%M:%S")
    elif isinstance(column.type, Date):
        out = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
    elif isinstance(column.type, Boolean):
        flags = values.fillna(False).astype(bool)
        out = flags.astype(int) if dialect == "sqlite" else flags.astype(object)
    elif isinstance(column.type, Integer) and values.dtype.kind == "f":
        out = values.astype("Int64")  # whole numbers that came as floats because of gaps
    else:
        out = values
    out = out.astype(object)
    return out.where(~missing, None)


def _with_defaults(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the model's scalar defaults filled in for the columns it lacks."""
    extra = {}
    for column in table.columns:
        if column.name in frame.columns or column.default is None:
            continue
        arg = getattr(column.default, "arg", None)
        if arg is not None and not callable(arg):
            extra[column.name] = arg
    return frame.assign(**extra) if extra else frame


def _tuples(frame: pd.DataFrame, table: Table, dialect: str) -> Iterator[list[tuple[Any, ...]]]:
    """The frame's rows as driver-ready tuples, in chunks."""
    for start in range(0, len(frame), CHUNK):
        part = frame.iloc[start : start + CHUNK]
        columns = [_column_values(table.c[name], part[name], dialect) for name in part.columns]
        yield list(zip(*columns, strict=True))


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame) -> int:
    """Append every row of the frame (columns named as the table's) to the table: COPY on
    PostgreSQL, one prepared executemany on SQLite; the table's plain indexes are dropped
    during the write and built once afterwards; return the rows written."""
    indexes = _plain_indexes(conn, table.name)
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    written = _append(conn, table, frame)
    for _, definition in indexes:
        conn.exec_driver_sql(definition)
    return written


def _plain_indexes(conn: Connection, table: str) -> list[tuple[str, str]]:
    """The table's indexes that back no constraint, as (name, CREATE statement)."""
    if conn.dialect.name == "postgresql":
        sql = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %(t)s AND "
            "indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        return [(n, d) for n, d in conn.exec_driver_sql(sql, {"t": table}).all()]
    sql = (
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
    )
    return [(n, d) for n, d in conn.exec_driver_sql(sql, (table,)).all()]


def _append(conn: Connection, table: Table, frame: pd.DataFrame) -> int:
    """The write itself: COPY on PostgreSQL, one executemany on SQLite."""
    unknown = set(frame.columns) - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name}: no such columns {sorted(unknown)}")
    frame = _with_defaults(table, frame)
    names = list(frame.columns)
    dialect = conn.dialect.name
    quoted = ", ".join(f'"{n}"' for n in names)
    if dialect == "postgresql":
        with _copy(conn, f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for chunk in _tuples(frame, table, dialect):
                for row in chunk:
                    copy.write_row(row)
        _advance_serials(conn, table)
        return len(frame)
    marks = ", ".join("?" for _ in names)
    statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
    for chunk in _tuples(frame, table, dialect):
        conn.exec_driver_sql(statement, chunk)
    return len(frame)


def _advance_serials(conn: Connection, table: Table) -> None:
    """After COPY with explicit ids, move each serial sequence past the largest id."""
    for column in table.primary_key.columns:
        if column.autoincrement is True or (
            column.autoincrement == "auto" and len(table.primary_key.columns) == 1
        ):
            if column.type.python_type is not int:
                continue
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), "
                f'COALESCE(MAX("{column.name}"), 0) + 1, false) FROM "{table.name}"'
            )
