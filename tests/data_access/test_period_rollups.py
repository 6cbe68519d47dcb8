"""Monthly and weekly rollups: kept exact by the triggers through imports, corrections and undo
on SQLite and PostgreSQL, and the pages' queries answer the same from them as from the facts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, text

from data_access import handling_status, rollup_defs, suggestions, volunteer
from data_access.aggregate import Place, aggregate
from data_access.intake.pipeline import import_file
from data_access.intake.specs import SUGGESTION
from data_access.intake.undo import undo_last_import
from data_access.suggestion_rollups import stored_limits, sync_limits
from tests.data_access.intake_support import intake_engine  # noqa: F401 - fixture

D = dt.date
PLACES = [Place("440000", "province"), Place("440100", "city"), Place("440106", "county")]
RANGES = [
    (D(2024, 1, 1), D(2024, 12, 31)),  # a year: whole months only
    (D(2024, 2, 10), D(2024, 5, 20)),  # days around whole months
    (D(2024, 11, 25), D(2024, 12, 1)),  # a week across a month end
    (D(2025, 4, 1), D(2025, 6, 30)),
]


def assert_rollups_exact(engine: Engine) -> None:
    """Every rollup table holds exactly what its facts give."""
    with engine.connect() as conn:
        assert rollup_defs.mismatches(conn) == {}


def suggestion_file(n: int, seed: int, prefix: str = "S") -> pd.DataFrame:
    """n suggestions in file form: some awaiting acceptance, some open, some rated."""
    rng = np.random.default_rng(seed)
    received = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 400, n), "D")
    accepted = received + pd.to_timedelta(rng.integers(0, 30, n), "D")
    concluded = accepted + pd.to_timedelta(rng.integers(0, 90, n), "D")
    has_acc = rng.random(n) < 0.9
    has_con = has_acc & (rng.random(n) < 0.8)

    def day(values: pd.DatetimeIndex, keep: np.ndarray) -> np.ndarray:
        return np.where(keep, values.strftime("%Y-%m-%d"), "")

    frame = pd.DataFrame(
        {
            "source_id": [f"{prefix}{i:06d}" for i in range(n)],
            "channel": rng.choice(["petition", "hotline", "online"], n),
            "category": rng.choice(["urban_rural", "governance", "livelihood"], n),
            "collection_level": rng.choice(["province", "city", "county"], n),
            "adcode": rng.choice(["440103", "440106", "440100", "441900", "440304"], n),
            "received_on": received.strftime("%Y-%m-%d"),
            "accepted_on": day(accepted, has_acc),
            "concluded_on": day(concluded, has_con),
            "adopted": np.where(has_con & (rng.random(n) < 0.3), "true", "false"),
            "satisfaction": np.where(has_con, rng.integers(1, 6, n).astype(str), ""),
        }
    )
    frame.columns = [SUGGESTION.column(c).zh for c in frame.columns]
    return frame


def as_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV file of the frame."""
    return frame.to_csv(index=False).encode("utf-8")


def test_suggestion_rollups_follow_imports_corrections_and_undo(intake_engine: Engine) -> None:  # noqa: F811
    engine = intake_engine
    first = suggestion_file(1500, seed=11)
    _, done = import_file(engine, "suggestion", "建议1.csv", as_bytes(first), imported_by="t")
    assert (done.status, done.inserted) == ("committed", 1500)
    assert_rollups_exact(engine)

    fixed = first.copy()
    cols = list(fixed.columns)
    fixed.loc[:99, cols[5]] = "2024-01-02"  # received moved to another month
    fixed.loc[100:199, cols[7]] = ""  # conclusion withdrawn: open again
    fixed.loc[200:299, cols[1]] = "online"
    fixed.loc[300:399, cols[9]] = "5"
    more = suggestion_file(300, seed=12, prefix="T")
    _, revised = import_file(
        engine, "suggestion", "建议1.csv", as_bytes(pd.concat([fixed, more])), imported_by="t"
    )
    assert revised.inserted == 300 and revised.updated > 0
    assert_rollups_exact(engine)

    undo_last_import(engine, "建议1.csv", undone_by="admin")
    assert_rollups_exact(engine)
    undo_last_import(engine, "建议1.csv", undone_by="admin")
    assert_rollups_exact(engine)
    with engine.connect() as conn:
        left = conn.execute(text("SELECT COUNT(*) FROM suggestion_month_channel")).scalar_one()
    assert left == 0  # every row of the rollups went with its facts


def test_a_hand_written_update_keeps_the_rollups(intake_engine: Engine) -> None:  # noqa: F811
    engine = intake_engine
    import_file(
        engine, "suggestion", "h.csv", as_bytes(suggestion_file(200, 13, "H")), imported_by="t"
    )
    with engine.begin() as conn:
        conn.execute(text("UPDATE suggestion SET accepted_on = NULL, concluded_on = NULL"))
    assert_rollups_exact(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM suggestion"))
        conn.execute(text("DELETE FROM import_change"))
    assert_rollups_exact(engine)


def test_rebuild_repairs_damaged_rollups(intake_engine: Engine) -> None:  # noqa: F811
    engine = intake_engine
    import_file(
        engine, "suggestion", "r.csv", as_bytes(suggestion_file(300, 14, "R")), imported_by="t"
    )
    with engine.begin() as conn:
        conn.execute(text("UPDATE suggestion_days_month SET items = items + 1"))
        conn.execute(text("DELETE FROM suggestion_concluded_month"))
    with engine.connect() as conn:
        assert set(rollup_defs.mismatches(conn)) == {
            "suggestion_days_month",
            "suggestion_concluded_month",
        }
    with engine.begin() as conn:
        rollup_defs.rebuild(conn)
    assert_rollups_exact(engine)
    undo_last_import(engine, "r.csv", undone_by="admin")


@pytest.fixture(params=["sqlite", "pg"])
def demo_engine(request: pytest.FixtureRequest) -> Engine:
    """The demo-filled SQLite file or PostgreSQL database."""
    return request.getfixturevalue(f"{request.param}_engine")


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal frames, numbers compared as floats."""
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    assert list(a.columns) == list(b.columns)
    for col in a.columns:
        if a[col].dtype.kind in "fiu" or b[col].dtype.kind in "fiu":
            assert np.allclose(a[col].astype(float), b[col].astype(float), atol=1e-6), col
        else:
            assert a[col].astype(str).tolist() == b[col].astype(str).tolist(), col


def test_demo_rollups_are_exact(demo_engine: Engine) -> None:
    assert_rollups_exact(demo_engine)


@pytest.mark.parametrize("start,end", RANGES)
def test_counts_from_rollups_equal_the_facts(demo_engine: Engine, start: D, end: D) -> None:
    vol = volunteer._T
    sug = suggestions._T
    for place in PLACES:
        for by in [(), ("field",), ("city",), ("county",), ("month",), ("week",), ("quarter",)]:
            facts = aggregate(
                demo_engine, vol, volunteer.MEASURES, date_col="service_date",
                start=start, end=end, place=place, by=by,
            )  # fmt: skip
            _same(volunteer.volunteer_service.uncached(demo_engine, start, end, place, by), facts)
        for by in [(), ("channel",), ("category",), ("collection_level",), ("city",), ("month",)]:
            facts = aggregate(
                demo_engine, sug, suggestions.MEASURES, date_col="received_on",
                start=start, end=end, place=place, by=by,
            )  # fmt: skip
            _same(suggestions.suggestion_counts.uncached(demo_engine, start, end, place, by), facts)


def _raw_suggestions(engine: Engine) -> pd.DataFrame:
    """Every suggestion's place, city and dates (the demo's few hundred thousand rows)."""
    sql = (
        "SELECT s.adcode, r.city_adcode, s.received_on, s.accepted_on, s.concluded_on,"
        " s.satisfaction FROM suggestion s JOIN region r ON r.adcode = s.adcode"
    )
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(text(sql)).all(), columns=sql.split("FROM")[0].split(","))
    df.columns = ["adcode", "city", "received", "accepted", "concluded", "satisfaction"]
    for col in ("received", "accepted", "concluded"):
        df[col] = pd.to_datetime(df[col])
    return df


@pytest.fixture(scope="module")
def raw_sqlite(sqlite_engine: Engine) -> pd.DataFrame:
    """The demo suggestions read once."""
    return _raw_suggestions(sqlite_engine)


def _in_place(df: pd.DataFrame, place: Place) -> pd.DataFrame:
    """Rows of a place."""
    if place.level == "city":
        return df[df["city"] == place.adcode]
    if place.level == "county":
        return df[df["adcode"] == place.adcode]
    return df


@pytest.mark.parametrize("as_of", [D(2025, 12, 31), D(2025, 12, 28), D(2024, 12, 31)])
def test_overdue_and_on_time_counts_equal_a_direct_count(
    sqlite_engine: Engine, raw_sqlite: pd.DataFrame, as_of: D
) -> None:
    day = pd.Timestamp(as_of)
    for place in PLACES:
        df = _in_place(raw_sqlite, place)
        not_accepted = (df["received"] < day - pd.Timedelta(days=15)) & ~(df["accepted"] <= day)
        not_concluded = (df["accepted"] < day - pd.Timedelta(days=60)) & ~(df["concluded"] <= day)
        got = handling_status.overdue_open.uncached(sqlite_engine, as_of, place, 15, 60)
        assert int(got["overdue_acceptance"].sum()) == int(not_accepted.sum())
        assert int(got["overdue_conclusion"].sum()) == int(not_concluded.sum())
        year = df[df["concluded"].dt.year == as_of.year]
        on_time = ((year["accepted"] - year["received"]).dt.days <= 15) & (
            (year["concluded"] - year["accepted"]).dt.days <= 60
        )
        start, end = D(as_of.year, 1, 1), D(as_of.year, 12, 31)
        got = handling_status.concluded_between.uncached(sqlite_engine, start, end, place, 15, 60)
        assert (int(got["concluded"].sum()), int(got["on_time"].sum())) == (
            len(year),
            int(on_time.sum()),
        )


@pytest.mark.parametrize("start,end", RANGES[:2])
def test_day_histograms_equal_a_direct_count(
    sqlite_engine: Engine, raw_sqlite: pd.DataFrame, start: D, end: D
) -> None:
    as_of = D(2025, 12, 31)
    for place in PLACES:
        df = _in_place(raw_sqlite, place)
        df = df[(df["received"] >= pd.Timestamp(start)) & (df["received"] <= pd.Timestamp(end))]
        got = suggestions.acceptance_days.uncached(sqlite_engine, start, end, place, as_of)
        done = df[df["accepted"].notna()]
        days = (done["accepted"] - done["received"]).dt.days.value_counts()
        want = {(1, int(k)): int(v) for k, v in days.items()}
        waiting = (pd.Timestamp(as_of) - df[df["accepted"].isna()]["received"]).dt.days
        want |= {(0, int(k)): int(v) for k, v in waiting.value_counts().items()}
        assert {(r.done, r.days): r.items for r in got.itertuples()} == want
        rated = df["satisfaction"].dropna().astype(int).value_counts()
        sat = suggestions.satisfaction_counts.uncached(sqlite_engine, start, end, place)
        assert dict(zip(sat["score"], sat["items"], strict=True)) == rated.to_dict()


def test_on_time_rollup_follows_the_configured_limits(sqlite_engine: Engine) -> None:
    year, place = (D(2024, 1, 1), D(2024, 12, 31)), Place("440000", "province")
    strict = handling_status.concluded_between.uncached(sqlite_engine, *year, place, 7, 30)
    assert stored_limits(sqlite_engine) == (15, 60)  # other limits: read from the facts
    assert sync_limits(sqlite_engine, 7, 30)
    assert stored_limits(sqlite_engine) == (7, 30)
    _same(handling_status.concluded_between.uncached(sqlite_engine, *year, place, 7, 30), strict)
    assert_rollups_exact(sqlite_engine)
    assert sync_limits(sqlite_engine, 15, 60)
    assert not sync_limits(sqlite_engine, 15, 60)


def test_big_imports_recompute_the_rollups_and_restore_the_triggers(
    intake_engine: Engine,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = intake_engine
    monkeypatch.setattr(rollup_defs, "BULK_MIN_ROWS", 100)
    big = suggestion_file(1200, seed=15, prefix="B")
    _, done = import_file(engine, "suggestion", "b.csv", as_bytes(big), imported_by="t")
    assert done.inserted == 1200
    assert_rollups_exact(engine)
    changed = big.copy()
    changed.iloc[:600, 1] = "online"  # 600 corrected rows: half the table, a bulk write again
    import_file(engine, "suggestion", "b.csv", as_bytes(changed), imported_by="t")
    assert_rollups_exact(engine)
    with engine.begin() as conn:  # the triggers are back: a small change is followed
        conn.execute(text("UPDATE suggestion SET satisfaction = 1 WHERE source_id LIKE 'B00001%'"))
    assert_rollups_exact(engine)
    undo_last_import(engine, "b.csv", undone_by="admin")
    undo_last_import(engine, "b.csv", undone_by="admin")
    assert_rollups_exact(engine)
