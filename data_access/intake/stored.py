"""What the checks read from the database: places, stored rows of a file's keys, and whether
a city's counties already hold rows for a key (so a city row would count twice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Table, select

from config import get_settings
from data_access.frames import tuples_frame
from data_access.intake.columns import DatasetSpec
from data_access.intake.writing import existing_rows
from data_access.models import Region

IN_LIST = 500


def regions_frame(engine: Engine) -> pd.DataFrame:
    """Every place of the region table: adcode, name, level, city, county-unit flag."""
    stmt = select(
        Region.adcode, Region.name, Region.level, Region.city_adcode, Region.is_county_unit
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return tuples_frame(rows, ["adcode", "name", "level", "city_adcode", "is_county_unit"]).astype(
        {"is_county_unit": bool}
    )


def latest_allowed_day() -> dt.date:
    """The last date a file may hold: today plus FUTURE_DATE_TOLERANCE_DAYS."""
    days = get_settings().future_date_tolerance_days
    return dt.date.today() + dt.timedelta(days=days)


def stored_rows(
    engine: Engine, spec: DatasetSpec, keys: pd.DataFrame
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The stored rows under the given natural keys: key → the other written values."""
    with engine.connect() as conn:
        return existing_rows(conn, spec, keys)


def stored_children(
    engine: Engine, spec: DatasetSpec, probe: pd.DataFrame, registry: pd.DataFrame
) -> pd.Series:
    """For each probe row (a city or the province, with the rest of a key): True when the
    database holds rows of the places below it under the same rest of the key."""
    rest = [k for k in spec.natural_key if k != "adcode"]
    table = spec.table
    below: dict[str, list[str]] = {}
    for parent in set(probe["adcode"]):
        level = registry.loc[registry["adcode"] == parent, "level"]
        if level.empty:
            below[parent] = []
        elif level.iloc[0] == "province":
            below[parent] = registry.loc[registry["level"] != "province", "adcode"].tolist()
        else:
            below[parent] = registry.loc[
                (registry["city_adcode"] == parent) & (registry["adcode"] != parent), "adcode"
            ].tolist()
    found: set[tuple[Any, ...]] = set()
    with engine.connect() as conn:
        for parent, children in below.items():
            if not children:
                continue
            wanted = probe[probe["adcode"] == parent]
            found |= {(parent, *k) for k in _stored_keys(conn, table, rest, children, wanted)}
    return pd.Series(
        [tuple(r) in found for r in probe[["adcode", *rest]].itertuples(index=False)],
        index=probe.index,
        dtype=bool,
    )


def _stored_keys(
    conn: Connection, table: Table, rest: list[str], children: list[str], wanted: pd.DataFrame
) -> set[tuple[Any, ...]]:
    """The rest-of-key tuples stored for any of the children, among the wanted ones."""
    wanted_keys = set(wanted[rest].itertuples(index=False, name=None))
    out: set[tuple[Any, ...]] = set()
    conditions = []
    for name in rest:
        column_values = wanted[name].tolist()
        if table.c[name].type.python_type is dt.date:
            conditions.append(table.c[name].between(min(column_values), max(column_values)))
        else:
            conditions.append(table.c[name].in_(sorted(set(column_values))))
    for i in range(0, len(children), IN_LIST):
        part = children[i : i + IN_LIST]
        stmt = (
            select(*(table.c[k] for k in rest))
            .where(table.c["adcode"].in_(part), *conditions)
            .distinct()
        )
        for row in conn.execute(stmt):
            key = tuple(_as_date(v) for v in row)
            if key in wanted_keys:
                out.add(key)
    return out


def _as_date(value: object) -> object:
    """A date column value as a date (SQLite may hand back text or a datetime)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
