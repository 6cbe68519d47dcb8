"""Open suggestions on a past day read through the bounded index ranges (the longest stage
from the day-count rollup) are the same items as without the bound, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, text

from config import get_settings
from data_access import handling_status, suggestion_rollups, suggestions, supervision
from data_access.aggregate import Place

PROVINCE = Place("440000", "province")
DAYS = [dt.date(2024, 1, 31), dt.date(2024, 6, 30), dt.date(2024, 11, 30), dt.date(2025, 3, 15)]


def test_the_longest_stages_are_the_facts(engine: Engine) -> None:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT received_on, accepted_on, concluded_on FROM suggestion")
        ).all()
    day = dt.date.fromisoformat

    def as_date(v: object) -> dt.date:
        return v if isinstance(v, dt.date) else day(str(v))

    accept = max((as_date(a) - as_date(r)).days for r, a, _ in rows if a is not None)
    conclude = max(
        (as_date(c) - as_date(a)).days for _, a, c in rows if a is not None and c is not None
    )
    assert suggestion_rollups.longest_stages(engine) == (accept, conclude)
    # every concluded demo item was accepted first: the receipt-to-conclusion bound holds
    assert suggestion_rollups.longest_to_conclusion(engine) == accept + conclude
    assert all(a is not None for _, a, c in rows if c is not None)


@pytest.mark.parametrize("as_of", DAYS)
def test_bounded_open_items_are_the_unbounded_ones(
    engine: Engine, as_of: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = get_settings()
    limits = (s.acceptance_limit_days, s.conclusion_limit_days)
    for place, by in ((PROVINCE, ()), (PROVINCE, ("county",)), (Place("440100", "city"), ())):
        # by: () or ("county",), keys both queries take
        bounded_deadlines = supervision.deadline_alerts.uncached(
            engine, as_of, place, *limits, s.deadline_warning_days
        )
        bounded_overdue = handling_status.overdue_open.uncached(engine, as_of, place, *limits, by)
        bounded_backlog = suggestions.open_backlog.uncached(engine, as_of, place, by)
        with monkeypatch.context() as m:
            for module in (supervision, handling_status):
                m.setattr(module, "longest_stages", lambda _engine: (None, None))
            m.setattr(suggestions, "longest_to_conclusion", lambda _engine: None)
            deadlines = supervision.deadline_alerts.uncached(
                engine, as_of, place, *limits, s.deadline_warning_days
            )
            overdue = handling_status.overdue_open.uncached(engine, as_of, place, *limits, by)
            backlog = suggestions.open_backlog.uncached(engine, as_of, place, by)
        assert bounded_deadlines.equals(deadlines)
        assert bounded_backlog.equals(backlog)
        assert bounded_overdue.equals(overdue)
    assert len(deadlines) > 0  # the demo has open items on these days to compare


def test_a_bound_too_short_would_show(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison above can fail: a bound shorter than the data's longest stage drops items.
    s = get_settings()
    args = (engine, DAYS[2], PROVINCE, s.acceptance_limit_days, s.conclusion_limit_days)
    right = handling_status.overdue_open.uncached(*args)
    monkeypatch.setattr(handling_status, "longest_stages", lambda _engine: (0, 0))
    assert not handling_status.overdue_open.uncached(*args).equals(right)
