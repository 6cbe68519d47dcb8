"""The volunteer rollup: volunteer_service holds daily totals per county unit and service field
of the raw volunteer_record facts, kept in step by the importer in the same transaction.

`volunteers` in the rollup counts person-times (records): distinct volunteers of a week or a
year cannot be added up from daily totals, so no page claims them. The same SQL (INSERT …
ON CONFLICT DO UPDATE) runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, text

from data_access import rollup_defs
from data_access.bulk import copy_frame
from data_access.data_version import bump_data_version
from data_access.frames import tuples_frame
from data_access.intake.phases import phase

_UPSERT = """
INSERT INTO volunteer_service (adcode, service_date, field, hours, volunteers)
{source}
ON CONFLICT (adcode, service_date, field) DO UPDATE SET
    hours = volunteer_service.hours + excluded.hours,
    volunteers = volunteer_service.volunteers + excluded.volunteers
"""
_FROM_RECORDS = """
SELECT adcode, service_date, field, {sign} SUM(hours), {sign} COUNT(*)
FROM volunteer_record WHERE {where}
GROUP BY adcode, service_date, field
"""
_EMPTY = "DELETE FROM volunteer_service WHERE volunteers = 0 AND hours < 1e-6 AND hours > -1e-6"


def add_records(
    conn: Connection, where: str, params: dict[str, Any], *, subtract: bool = False
) -> None:
    """Add (or subtract) the records matching a WHERE clause to the rollup, grouped per day."""
    source = _FROM_RECORDS.format(sign="-" if subtract else "", where=where)
    with phase("rollups"):
        conn.execute(text(_UPSERT.format(source=source)), params)


_DAILY = ("adcode", "service_date", "field", "hours", "volunteers")


def _period_starts(days: pd.Series, grain: str) -> pd.Series:
    """The first day of each date's month or ISO week (Monday), as rollup_defs keys them."""
    first = {
        d: d.replace(day=1) if grain == "month" else d - dt.timedelta(days=d.weekday())
        for d in set(days)
    }
    return days.map(first)


def _upsert_frame(conn: Connection, table: str, frame: pd.DataFrame) -> None:
    """Add a frame of (period or day, keys…, hours, volunteers) to a rollup table in one go:
    COPY into a temporary table and one INSERT … ON CONFLICT on PostgreSQL, executemany of
    the same upsert on SQLite."""
    columns = list(frame.columns)
    keys, values = columns[:-2], columns[-2:]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in values)
    conflict = f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    if conn.dialect.name == "postgresql":
        temp = f"{table}_delta"
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT {', '.join(columns)} "
            f"FROM {table} WHERE false"
        )
        copy_frame(conn, temp, tuple(columns), frame)
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM {temp} {conflict}"
        )
        conn.exec_driver_sql(f"DROP TABLE {temp}")
        return
    cells = []
    for name in columns:
        column = frame[name]
        if name.endswith(("_start", "_date")):
            iso = {d: d.isoformat() for d in set(column)}
            cells.append([iso[d] for d in column])
        elif name == "volunteers":
            cells.append(column.astype(int).tolist())
        elif name == "hours":
            cells.append(column.astype(float).tolist())
        else:
            cells.append(column.tolist())
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) {conflict}",
        list(zip(*cells, strict=True)),
    )


def add_record_frame(conn: Connection, records: pd.DataFrame) -> None:
    """Add new records (adcode, service_date, field, hours) to the daily rollup and its
    monthly and weekly rollups. The sums per day are made by pandas (a hash grouping, far
    quicker than a sort in SQLite); for many days the triggers are off and the monthly and
    weekly rollups get their sums in one upsert each, as the triggers would have added them."""
    with phase("rollups"):
        daily = (
            records.groupby(["adcode", "service_date", "field"], sort=False)["hours"]
            .agg(["sum", "size"])
            .reset_index()
        )
        daily.columns = list(_DAILY)
        if len(daily) < rollup_defs.BULK_MIN_ROWS:
            _upsert_frame(conn, "volunteer_service", daily)
            return
        with rollup_defs.triggers_off(conn, "volunteer_service"):
            _upsert_frame(conn, "volunteer_service", daily)
            for grain in ("month", "week"):
                period = daily.assign(service_date=_period_starts(daily["service_date"], grain))
                summed = (
                    period.groupby(["service_date", "adcode", "field"], sort=False)[
                        ["hours", "volunteers"]
                    ]
                    .sum()
                    .reset_index()
                    .rename(columns={"service_date": f"{grain}_start"})
                )
                _upsert_frame(conn, f"volunteer_service_{grain}", summed)


def apply_deltas(conn: Connection, rows: Sequence[tuple[str, object, str, float, int]]) -> None:
    """Add (adcode, service_date, field, hours, person-times) deltas, summed per key first."""
    summed: dict[tuple[Any, ...], list[float]] = defaultdict(lambda: [0.0, 0])
    for adcode, day, field, hours, count in rows:
        total = summed[(adcode, day, field)]
        total[0] += hours
        total[1] += count
    if not summed:
        return
    values = "VALUES (:adcode, :service_date, :field, :hours, :volunteers)"
    conn.execute(
        text(_UPSERT.format(source=values)),
        [
            {"adcode": a, "service_date": d, "field": f, "hours": h, "volunteers": c}
            for (a, d, f), (h, c) in summed.items()
        ],
    )


def drop_empty(conn: Connection) -> None:
    """Remove rollup rows left at zero by an undo or a correction (a GROUP BY never has them)."""
    conn.execute(text(_EMPTY))


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did."""

    dates: int
    rows: int


def rebuild_volunteer_rollup(engine: Engine) -> Rebuilt:
    """Recompute volunteer_service from volunteer_record for every date that has records."""

    with engine.begin() as conn:
        bump_data_version(conn)  # first write: takes the SQLite write lock
        dates = conn.execute(
            text("SELECT COUNT(DISTINCT service_date) FROM volunteer_record")
        ).scalar_one()
        conn.execute(
            text(
                "DELETE FROM volunteer_service WHERE service_date IN "
                "(SELECT DISTINCT service_date FROM volunteer_record)"
            )
        )
        add_records(conn, "1 = 1", {})
        rows = conn.execute(
            text(
                "SELECT COUNT(*) FROM volunteer_service WHERE service_date IN "
                "(SELECT DISTINCT service_date FROM volunteer_record)"
            )
        ).scalar_one()
    return Rebuilt(int(dates), int(rows))


def rebuild_period_rollups(engine: Engine) -> int:
    """Recompute every monthly and weekly rollup from its facts; return the rows written."""

    with engine.begin() as conn:
        bump_data_version(conn)
        rollup_defs.rebuild(conn)
        tables = dict.fromkeys(r.table for r in rollup_defs.ROLLUPS)
        return sum(
            conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() for table in tables
        )


def _frame(conn: Connection, sql: str) -> pd.DataFrame:
    """A query's rows with dates as dates and the key sorted."""
    df = tuples_frame(
        conn.execute(text(sql)).all(), ["adcode", "service_date", "field", "hours", "volunteers"]
    )
    df["service_date"] = [
        d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in df["service_date"]
    ]
    df["hours"] = df["hours"].astype(float)
    df["volunteers"] = df["volunteers"].astype("int64")
    return df.sort_values(["adcode", "service_date", "field"]).reset_index(drop=True)


def facts_and_rollup(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The daily totals recomputed from the facts, and the rollup rows of the same dates."""
    with engine.connect() as conn:
        facts = _frame(
            conn,
            "SELECT adcode, service_date, field, SUM(hours), COUNT(*) FROM volunteer_record "
            "GROUP BY adcode, service_date, field",
        )
        rollup = _frame(
            conn,
            "SELECT adcode, service_date, field, hours, volunteers FROM volunteer_service "
            "WHERE service_date IN (SELECT DISTINCT service_date FROM volunteer_record)",
        )
    return facts, rollup
