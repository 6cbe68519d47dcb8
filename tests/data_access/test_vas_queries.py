"""Day-count histograms, backlog, satisfaction and survey queries: SQLite and PostgreSQL agree
to the row, and the histograms match the raw rows they summarise."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data_access import associations, suggestions
from data_access.aggregate import Place
from data_access.day_counts import a_date, days_between
from data_access.models import Suggestion
from metrics.timeliness import histogram_quantile

PROVINCE = Place("440000", "province")
GUANGZHOU = Place("440100", "city")
Y2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
AS_OF = dt.date(2025, 12, 31)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Frames equal row for row after sorting by every column."""
    a = a.sort_values(list(a.columns)).reset_index(drop=True)
    b = b.sort_values(list(b.columns)).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


@pytest.mark.parametrize(
    ("later", "earlier", "days"),
    [
        (dt.date(2024, 3, 1), dt.date(2024, 2, 28), 2),  # leap day
        (dt.date(2025, 1, 1), dt.date(2024, 12, 31), 1),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 1), 0),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 16), -15),
        (dt.date(2026, 6, 30), dt.date(2023, 1, 1), 1276),
    ],
)
def test_days_between_is_exact_on_both_databases(
    engine: Engine, later: dt.date, earlier: dt.date, days: int
) -> None:
    expr = days_between(a_date(later), a_date(earlier), engine.dialect.name)
    with engine.connect() as conn:
        assert conn.execute(select(expr)).scalar_one() == days == (later - earlier).days


@pytest.mark.parametrize("place", [PROVINCE, GUANGZHOU, Place("440103", "county")])
@pytest.mark.parametrize("query", ["acceptance_days", "conclusion_days"])
def test_day_histograms_agree(
    sqlite_engine: Engine, pg_engine: Engine, place: Place, query: str
) -> None:
    fn = getattr(suggestions, query).uncached
    for as_of in (AS_OF, dt.date(2024, 12, 31)):
        a = fn(sqlite_engine, *Y2024, place, as_of)
        b = fn(pg_engine, *Y2024, place, as_of)
        assert len(a) > 0
        _same(a, b)


@pytest.mark.parametrize("by", [(), ("city",), ("county",)])
def test_backlog_histograms_agree(sqlite_engine: Engine, pg_engine: Engine, by: tuple) -> None:
    for place in (PROVINCE, GUANGZHOU):
        a = suggestions.open_backlog.uncached(sqlite_engine, dt.date(2024, 12, 31), place, by=by)
        b = suggestions.open_backlog.uncached(pg_engine, dt.date(2024, 12, 31), place, by=by)
        assert len(a) > 0
        _same(a.fillna({"adcode": ""}) if by else a, b.fillna({"adcode": ""}) if by else b)


def test_satisfaction_and_survey_agree(sqlite_engine: Engine, pg_engine: Engine) -> None:
    for place in (PROVINCE, GUANGZHOU):
        _same(
            suggestions.satisfaction_counts.uncached(sqlite_engine, *Y2024, place),
            suggestions.satisfaction_counts.uncached(pg_engine, *Y2024, place),
        )
        assert associations.survey_summary.uncached(
            sqlite_engine, 2024, place
        ) == associations.survey_summary.uncached(pg_engine, 2024, place)
        _same(
            associations.survey_issue_themes.uncached(sqlite_engine, 2024, place),
            associations.survey_issue_themes.uncached(pg_engine, 2024, place),
        )


def _raw(engine: Engine, place_adcode: str) -> pd.DataFrame:
    """The raw suggestion rows of one county in 2024 (test only: pages never do this)."""
    t = Suggestion.__table__
    stmt = select(t.c.received_on, t.c.accepted_on, t.c.concluded_on).where(
        t.c.adcode == place_adcode, t.c.received_on.between(*Y2024)
    )
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(stmt).mappings().all())
    return df.apply(pd.to_datetime)


def test_histograms_describe_the_raw_rows(engine: Engine) -> None:
    county = Place("440103", "county")
    raw = _raw(engine, county.adcode)
    as_of = pd.Timestamp(dt.date(2024, 12, 31))
    hist = suggestions.acceptance_days.uncached(engine, *Y2024, county, as_of.date())
    decided = raw["accepted_on"].notna() & (raw["accepted_on"] <= as_of)
    taken = (raw.loc[decided, "accepted_on"] - raw.loc[decided, "received_on"]).dt.days
    done = hist[hist["done"] == 1]
    assert int(hist["items"].sum()) == len(raw)
    assert int(done["items"].sum()) == len(taken)
    for q in (0.5, 0.9):
        assert histogram_quantile(done["days"], done["items"], q) == np.quantile(taken, q)


def test_backlog_counts_items_open_on_the_day(engine: Engine) -> None:
    day = dt.date(2024, 6, 30)
    county = Place("440103", "county")
    hist = suggestions.open_backlog.uncached(engine, day, county)
    t = Suggestion.__table__
    stmt = select(t.c.received_on, t.c.concluded_on).where(t.c.adcode == county.adcode)
    with engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(stmt).mappings().all()).apply(pd.to_datetime)
    ts = pd.Timestamp(day)
    open_ = (raw["received_on"] <= ts) & (raw["concluded_on"].isna() | (raw["concluded_on"] > ts))
    assert int(hist["items"].sum()) == int(open_.sum())
    assert (hist["age_days"] >= hist["stage_days"]).all()
