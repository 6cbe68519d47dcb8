"""Bulk loading on PostgreSQL: rows or a frame's columns through COPY, the CSV written by Arrow."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Connection, Table

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


def rows_csv_bytes(rows: list[tuple], types: list[pa.DataType]) -> bytes:
    """Rows as CSV for COPY, each column converted to its Arrow type (pyarrow raises on a
    value that does not fit, before anything is sent)."""
    arrays = [
        pa.array(list(values), type=kind, from_pandas=True)
        for values, kind in zip(zip(*rows, strict=True), types, strict=True)
    ]
    return _write(pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))]))


def copy_rows(conn: Connection, table: str, columns: list[str], data: bytes) -> None:
    """COPY CSV bytes into a table's columns (PostgreSQL), inside the caller's transaction."""
    raw = conn.connection.driver_connection
    with raw.cursor() as cur:  # type: ignore[union-attr]
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(data)


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
