"""The places and days an import wrote (import_place_day), for datasets whose import history
does not say it by row key: when each place first reported each day (报送情况)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Table

from data_access.intake.writing import insert_rows
from data_access.models import ImportPlaceDay

CHUNK = 5000
TABLE: Table = ImportPlaceDay.__table__


def write_place_days(conn: Connection, import_id: int, rows: pd.DataFrame) -> int:
    """Remember each distinct (place, day) pair of the rows an import wrote (columns adcode
    and day, dates); the count."""
    pairs = rows[["adcode", "day"]].dropna().drop_duplicates()
    days = pairs["day"]
    if pd.api.types.is_datetime64_any_dtype(days):
        days = days.dt.date
    values = [(import_id, a, d) for a, d in zip(pairs["adcode"], days, strict=True)]
    for i in range(0, len(values), CHUNK):
        insert_rows(conn, TABLE, ["import_id", "adcode", "day"], values[i : i + CHUNK])
    return len(values)
