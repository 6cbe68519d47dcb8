"""Reading the suggestion rollups: which rollup serves a query, and the time-limit setting.

The day-count rollup (suggestion_days_month) holds the days every accepted or concluded item
took, per received month and city. It answers a distribution "as of" a day only when nothing
was accepted or concluded after that day (the usual case: the data date); otherwise the
callers read the facts. The on-time counts of suggestion_concluded_month use the limits stored
in rollup_setting; `sync_limits` brings them to the configured ones.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, func, select, update

from data_access import rollup_defs
from data_access.aggregate import Place, Rollup
from data_access.frames import tuples_frame
from data_access.models import (
    Base,
    RollupSetting,
    Suggestion,
    SuggestionDaysMonth,
    SuggestionMonthCategory,
    SuggestionMonthChannel,
    SuggestionMonthLevel,
)

_T = Suggestion.__table__
_D = SuggestionDaysMonth.__table__
RATED = tuple(f"rated_{k}" for k in range(1, 6))


def _count_rollup(model: type[Base]) -> Rollup:
    """A breakdown table as a rollup of the suggestion counts and ratings."""
    t = model.__table__
    names = ("received", "accepted", "concluded", "adopted", *RATED)
    return Rollup(t, {n: func.sum(t.c[n]) for n in names})


COUNT_ROLLUPS = tuple(
    _count_rollup(m)
    for m in (SuggestionMonthChannel, SuggestionMonthCategory, SuggestionMonthLevel)
)


def longest_stages(engine: Engine) -> tuple[int | None, int | None]:
    """The most days any accepted item took to acceptance, and any concluded item (accepted
    first) from acceptance to conclusion, from the day-count rollup (None: no such item). An
    item open on a day and finished after it finished within that many days of its start, so
    a query of open items may bound the later finish dates by them (same rows, a short range
    of the index instead of every item finished after the day)."""
    longest: dict[str, int | None] = {}
    with engine.connect() as conn:
        for stage in ("acceptance", "conclusion"):  # each one step of (stage, days) backwards
            stmt = (
                select(_D.c.days)
                .where(_D.c.stage == stage, _D.c["items"] > 0)
                .order_by(_D.c.days.desc())
                .limit(1)
            )
            longest[stage] = conn.execute(stmt).scalar()
    return longest["acceptance"], longest["conclusion"]


def longest_to_conclusion(engine: Engine) -> int | None:
    """The most days any concluded item took from receipt to conclusion, bounded by the two
    longest stages (None when an item was concluded without an acceptance date: its days are
    in neither stage)."""
    to_accept, to_conclude = longest_stages(engine)
    if to_accept is None or to_conclude is None:
        return None
    unaccepted = (
        select(_T.c.id).where(_T.c.accepted_on.is_(None), _T.c.concluded_on.is_not(None)).limit(1)
    )
    with engine.connect() as conn:
        if conn.execute(unaccepted).first() is not None:
            return None
    return to_accept + to_conclude


def latest_decision(engine: Engine) -> dt.date | None:
    """The latest acceptance or conclusion date recorded (two index lookups)."""
    stmt = select(
        select(func.max(_T.c.accepted_on)).scalar_subquery(),
        select(func.max(_T.c.concluded_on)).scalar_subquery(),
    )
    with engine.connect() as conn:
        days = [pd.Timestamp(d).date() for d in conn.execute(stmt).one() if d is not None]
    return max(days) if days else None


def settled_by(engine: Engine, as_of: dt.date) -> bool:
    """True when no item was accepted or concluded after `as_of`, so that on that day every
    accepted item counts as accepted and every concluded one as concluded."""
    latest = latest_decision(engine)
    return latest is None or latest <= as_of


def days_histogram(
    engine: Engine, stage: str, first: dt.date, last: dt.date, place: Place
) -> pd.DataFrame:
    """Days taken (done = 1) of the items received in whole months first..last (month starts),
    from the day-count rollup; a place is the province or a city."""
    stmt = select(_D.c.days, func.sum(_D.c["items"]).label("items")).where(
        _D.c.stage == stage, _D.c.month_start >= first, _D.c.month_start <= last
    )
    if place.level == "city":
        stmt = stmt.where(_D.c.adcode == place.adcode)
    stmt = stmt.group_by(_D.c.days)
    with engine.connect() as conn:
        df = tuples_frame(conn.execute(stmt).all(), ["days", "items"])
    return df.assign(done=1)[["done", "days", "items"]]


def stored_limits(engine: Engine) -> tuple[int | None, int | None]:
    """The acceptance and conclusion limits the on-time rollup counts with."""
    with engine.connect() as conn:
        rows = dict(conn.execute(select(RollupSetting.key, RollupSetting.value)).all())
    values = [rows.get(k) for k in rollup_defs.LIMIT_KEYS]
    return tuple(int(v) if v is not None else None for v in values)  # type: ignore[return-value]  # two keys, so a pair


def _write_limits(conn: Connection, acceptance: int, conclusion: int) -> None:
    """Store the limits (rows exist since the migration)."""
    for key, value in zip(rollup_defs.LIMIT_KEYS, (acceptance, conclusion), strict=True):
        conn.execute(update(RollupSetting).where(RollupSetting.key == key).values(value=str(value)))


def sync_limits(engine: Engine, acceptance: int, conclusion: int) -> bool:
    """Make the on-time rollup count with these limits; True when it had to be recomputed."""
    if stored_limits(engine) == (acceptance, conclusion):
        return False
    with engine.begin() as conn:
        _write_limits(conn, acceptance, conclusion)
        rollup_defs.rebuild(conn, {"suggestion_concluded_month", "suggestion_accepted_month"})
    return True
