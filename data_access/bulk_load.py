"""Appending a whole frame to a table at the driver's speed (the demo's first start)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Integer, Table

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime in SQLite
CHUNK = 100_000


def _column_values(column: Column, values: pd.Series, dialect: str) -> pd.Series:
    """One column as plain Python values the driver takes as they are (None for missing)."""
    missing = values.isna()
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


def _tuples(frame: pd.DataFrame, table: Table, dialect: str) -> Iterator[list[tuple]]:
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
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
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
