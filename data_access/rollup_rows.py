"""The suggestion rollups' share of new rows, computed from the rows themselves (pandas).

A big insert-only write (every row new, nothing updated) changes each rollup by exactly the
new rows' share, so instead of eight grouped scans of the whole table (`rollup_defs.rebuild`)
the share is computed from the written values in memory and added with one upsert per table.
The arithmetic mirrors the SQL of `rollup_defs.ROLLUPS` (same keys, same filters, NULL
treated as the SQL treats it); when those definitions change, `shares` answers None and the
caller recomputes the usual way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Connection, Table, select

from data_access.bulk import arrow_types, copy_rows, rows_csv_bytes
from data_access.models import Base, Region, RollupSetting
from data_access.rollup_defs import LIMIT_KEYS, ROLLUPS

SOURCE = "suggestion"
# The definitions this module mirrors (a digest of their SQL): checked before each use.
_MIRRORED = "67667d328cf53205"
_COLUMNS = (
    "channel",
    "category",
    "collection_level",
    "adcode",
    "received_on",
    "accepted_on",
    "concluded_on",
    "adopted",
    "satisfaction",
)
_BY = {
    "suggestion_month_channel": "channel",
    "suggestion_month_category": "category",
    "suggestion_month_level": "collection_level",
}


def definitions_digest() -> str:
    """A digest of the suggestion rollups' definitions (tables, keys, values, filters)."""
    mine = [r for r in ROLLUPS if r.source == SOURCE]
    text = repr([(r.table, r.date, r.keys, r.values, r.where, r.grain) for r in mine])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _ordinals(values: list[object]) -> np.ndarray:
    """Dates as day numbers (date.toordinal), -1 for a missing one; _Unsupported when a
    value is not a plain date (then the caller recomputes the usual way)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    days = np.empty(len(uniques) + 1, dtype=np.int64)
    days[-1] = -1
    for i, d in enumerate(uniques.tolist()):
        if not isinstance(d, dt.date) or isinstance(d, dt.datetime):
            raise _Unsupported
        days[i] = d.toordinal()
    return days[codes]


def _month_starts(ordinals: np.ndarray) -> np.ndarray:
    """The day number of the first of each day's month (-1 stays -1)."""
    out = np.full(len(ordinals), -1, dtype=np.int64)
    uniques, inverse = np.unique(ordinals, return_inverse=True)
    starts = np.array(
        [dt.date.fromordinal(int(d)).replace(day=1).toordinal() if d >= 0 else -1 for d in uniques],
        dtype=np.int64,
    )
    out[:] = starts[inverse]
    return out


class _Unsupported(Exception):
    """Values the mirror does not handle: the caller recomputes the usual way."""


def _limits(conn: Connection) -> tuple[int | None, int | None] | None:
    """The stored time limits as the SQL's CAST reads them (None: text the mirror would not
    read the same way)."""
    rows = dict(conn.execute(select(RollupSetting.key, RollupSetting.value)).all())
    out: list[int | None] = []
    for key in LIMIT_KEYS:
        value = rows.get(key)
        if value is None:
            out.append(None)
        elif isinstance(value, str) and value.isascii() and value.isdigit():
            out.append(int(value))
        else:
            return None
    return out[0], out[1]


def shares(
    conn: Connection, source: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> dict[str, pd.DataFrame] | None:
    """Per rollup table, the share of new rows of `source` as rollup rows (period, keys,
    values); None when the mirror cannot vouch for it (another table, definitions changed,
    unexpected values)."""
    if source != SOURCE or not rows or not set(_COLUMNS) <= set(columns):
        return None
    if definitions_digest() != _MIRRORED:
        return None
    limits = _limits(conn)
    if limits is None:
        return None
    transposed = list(zip(*rows, strict=True))
    values = {name: list(transposed[columns.index(name)]) for name in _COLUMNS}
    try:
        frame, labels = _facts(values)
    except _Unsupported:
        return None
    codes = labels["adcode"].tolist()
    city: dict[str, str] = {}
    for start in range(0, len(codes), 500):
        stmt = select(Region.adcode, Region.city_adcode).where(
            Region.adcode.in_(codes[start : start + 500])
        )
        city.update({a: a if c is None else c for a, c in conn.execute(stmt).all()})
    if len(city) != len(codes):  # a place the region table lacks: its city would be NULL
        return None
    city_codes, labels["city"] = _factorize([city[a] for a in codes])
    frame["city"] = city_codes[frame["adcode"].to_numpy()]
    return _rollups(frame, labels, limits)


def _factorize(values: list[object]) -> tuple[np.ndarray, np.ndarray]:
    """Text values as integer codes, and the text of each code."""
    codes, uniques = pd.factorize(np.array(values, dtype=object))
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _facts(values: dict[str, list[object]]) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The columns the rollups read, as numbers (text as codes, dates as day numbers, -1
    for NULL), and the text of each text column's codes."""
    frame: dict[str, np.ndarray] = {}
    labels: dict[str, np.ndarray] = {}
    for name in ("channel", "category", "collection_level", "adcode"):
        if set(map(type, values[name])) != {str}:
            raise _Unsupported  # a NULL key: a group of its own in SQL, left to the SQL
        frame[name], labels[name] = _factorize(values[name])
    received = _ordinals(values["received_on"])
    if (received < 0).any():
        raise _Unsupported
    adopted = values["adopted"]
    if not set(map(type, adopted)) <= {bool, type(None)}:
        raise _Unsupported
    satisfaction = values["satisfaction"]
    if not set(map(type, satisfaction)) <= {int, type(None)}:
        raise _Unsupported
    frame |= {
        "received": received,
        "accepted": _ordinals(values["accepted_on"]),
        "concluded": _ordinals(values["concluded_on"]),
        "adopted": np.array([v is True for v in adopted], dtype=np.int64),
        "satisfaction": np.array([-1 if v is None else v for v in satisfaction], np.int64),
    }
    return pd.DataFrame(frame), labels


def _rollups(
    f: pd.DataFrame, labels: dict[str, np.ndarray], limits: tuple[int | None, int | None]
) -> dict[str, pd.DataFrame]:
    """Each rollup table's rows from the facts (see rollup_defs.ROLLUPS)."""
    accepted = f["accepted"].to_numpy() >= 0
    concluded = f["concluded"].to_numpy() >= 0
    to_accept = f["accepted"].to_numpy() - f["received"].to_numpy()
    to_conclude = f["concluded"].to_numpy() - f["accepted"].to_numpy()
    month = _month_starts(f["received"].to_numpy())
    adcode = f["adcode"].to_numpy()
    city = f["city"].to_numpy()
    places = {"adcode": labels["adcode"]}
    counts = pd.DataFrame(
        {
            "month_start": month,
            "adcode": adcode,
            "received": 1,
            "accepted": accepted.astype(np.int64),
            "concluded": concluded.astype(np.int64),
            "adopted": f["adopted"].to_numpy(),
            **{
                f"rated_{k}": (f["satisfaction"].to_numpy() == k).astype(np.int64)
                for k in range(1, 6)
            },
        }
    )
    out: dict[str, pd.DataFrame] = {}
    for table, column in _BY.items():
        counts[column] = f[column].to_numpy()
        keys = ["month_start", "adcode", column]
        out[table] = _sum(counts, keys, places | {column: labels[column]})
        del counts[column]
    both = accepted & concluded
    stages = []
    for stage, rows, days in (
        ("acceptance", accepted, to_accept),
        ("conclusion", both, to_conclude),
    ):
        frame = pd.DataFrame(
            {"month_start": month[rows], "adcode": city[rows], "days": days[rows], "items": 1}
        )
        summed = _sum(frame, ["month_start", "adcode", "days"], {"adcode": labels["city"]})
        summed.insert(2, "stage", stage)
        stages.append(summed)
    out["suggestion_days_month"] = pd.concat(stages, ignore_index=True)
    accept_limit, conclude_limit = limits
    accept_ok = accepted & (accept_limit is not None) & (to_accept <= (accept_limit or 0))
    conclude_ok = (conclude_limit is not None) & (to_conclude <= (conclude_limit or 0))
    out["suggestion_concluded_month"] = _sum(
        pd.DataFrame(
            {
                "month_start": _month_starts(f["concluded"].to_numpy()[concluded]),
                "adcode": adcode[concluded],
                "concluded": 1,
                "on_time": (accept_ok & concluded & conclude_ok)[concluded].astype(np.int64),
            }
        ),
        ["month_start", "adcode"],
        places,
    )
    out["suggestion_accepted_month"] = _sum(
        pd.DataFrame(
            {
                "month_start": _month_starts(f["accepted"].to_numpy()[accepted]),
                "adcode": adcode[accepted],
                "accepted": 1,
                "on_time": accept_ok[accepted].astype(np.int64),
            }
        ),
        ["month_start", "adcode"],
        places,
    )
    return out


def _sum(frame: pd.DataFrame, keys: list[str], decode: dict[str, np.ndarray]) -> pd.DataFrame:
    """Rows summed per key, the month as a date and coded text as its text."""
    summed = frame.groupby(keys, sort=False, as_index=False).sum()
    starts = {d: dt.date.fromordinal(int(d)) for d in summed["month_start"].unique()}
    summed["month_start"] = np.array([starts[d] for d in summed["month_start"]], dtype=object)
    for column, text in decode.items():
        summed[column] = text[summed[column].to_numpy(dtype=np.int64)]
    return summed


def add(conn: Connection, tables: dict[str, pd.DataFrame]) -> None:
    """Add rollup rows to their tables (a row with the same key gets the sums added)."""
    for name, frame in tables.items():
        if frame.empty:
            continue
        table = Base.metadata.tables[name]
        keys = [c.name for c in table.primary_key.columns]
        values = [c for c in frame.columns if c not in keys]
        columns = [*keys, *values]
        dialect = conn.dialect.name
        rows = list(zip(*(_plain(frame[c], dialect) for c in columns), strict=True))
        sums = ", ".join(f"{v} = {name}.{v} + excluded.{v}" for v in values)
        conflict = f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sums}"
        if dialect == "postgresql" and _empty(conn, name):  # a first load: no key to meet
            copy_rows(conn, name, columns, rows_csv_bytes(rows, _types(table, columns)))
            continue
        if dialect == "postgresql":
            staged = f"{name}_added"
            conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {staged} (LIKE {name}) ON COMMIT DROP")
            copy_rows(conn, staged, columns, rows_csv_bytes(rows, _types(table, columns)))
            conn.exec_driver_sql(
                f"INSERT INTO {name} ({', '.join(columns)}) "
                f"SELECT {', '.join(columns)} FROM {staged} {conflict}"
            )
            conn.exec_driver_sql(f"DROP TABLE {staged}")
            continue
        marks = ", ".join("?" for _ in columns)
        conn.exec_driver_sql(
            f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks}) {conflict}", rows
        )


def _empty(conn: Connection, table: str) -> bool:
    """True when a table has no rows."""
    return conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is None


def _types(table: Table, columns: list[str]) -> list[pa.DataType]:
    """The Arrow types of a rollup table's columns (text, dates and integers)."""
    types = arrow_types(table, columns)
    assert types is not None  # plain types only
    return types


def _plain(values: pd.Series, dialect: str) -> list[object]:
    """A column as the driver takes it: ints, text, dates (on SQLite as ISO text, the way
    SQLAlchemy and the rebuild's strftime store them)."""
    out = values.tolist()
    if dialect == "sqlite" and out and isinstance(out[0], dt.date):
        return [d.isoformat() for d in out]
    return out
