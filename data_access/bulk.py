"""Bulk loading on PostgreSQL: a frame's columns through COPY, the CSV written by Arrow."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Connection


def csv_bytes(frame: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    """Columns of a frame as CSV for COPY (every value quoted, so an empty text stays text and
    only a missing value is NULL), written by Arrow's C++ writer."""
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
    table = pa.Table.from_arrays(arrays, names=list(columns))
    sink = io.BytesIO()
    options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    pa_csv.write_csv(table, sink, options)
    return sink.getvalue()


def copy_frame(conn: Connection, table: str, columns: tuple[str, ...], frame: pd.DataFrame) -> None:
    """COPY a frame's columns into a table (PostgreSQL), inside the caller's transaction."""
    raw = conn.connection.driver_connection
    with raw.cursor() as cur:  # type: ignore[union-attr]
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(csv_bytes(frame, columns))
