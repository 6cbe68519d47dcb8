"""Reporting completeness (报送情况): which places reported a period on time, late or not at all.

A dataset is reported every week (ISO week, Monday to Sunday) or every month, and each period
is due `grace_days` after its last day. A place has reported a period when it has at least one
row dated in it. The report is late when the first import that wrote a row of the period is
dated after the due day; rows with no import record (the demo load, older loads) count as on
time. A period without rows is "pending" up to and including its due day, "missing" after it.
A place missing the latest due period has been missing since the period after its own data
date (the first period of the dataset when it never reported); one missing period is a yellow
alert, two or more in a row a red one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from metrics import periods
from metrics.periods import Period

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
PENDING = "pending"
REPORT_STATUSES = (MISSING, LATE, PENDING, ON_TIME)  # the worst first
CADENCE_KINDS = ("week", "month")


@dataclass(frozen=True)
class Cadence:
    """How often a dataset is reported and how many days after a period's end it is due."""

    kind: str  # "week" or "month"
    grace_days: int

    def __post_init__(self) -> None:
        """Refuse a kind other than week or month and a negative grace."""
        if self.kind not in CADENCE_KINDS:
            raise ValueError(f"unknown cadence {self.kind!r}")
        if self.grace_days < 0:
            raise ValueError("grace_days must not be negative")

    def due(self, period: Period) -> dt.date:
        """The last day a period's report is on time."""
        return period.end + dt.timedelta(days=self.grace_days)

    def latest_periods(self, as_of: dt.date, n: int) -> list[Period]:
        """The n newest periods that have ended by as_of, the newest first."""
        p = periods.containing(self.kind, as_of)
        if p.end > as_of:
            p = periods.previous(p)
        out = []
        for _ in range(n):
            out.append(p)
            p = periods.previous(p)
        return out

    def latest_due(self, as_of: dt.date) -> Period:
        """The newest period whose due day has passed by as_of (its due day before as_of)."""
        p = periods.containing(self.kind, as_of)
        while self.due(p) >= as_of:
            p = periods.previous(p)
        return p


def report_status(
    reported: bool, first_import: dt.date | None, due: dt.date, as_of: dt.date
) -> str:
    """On time, late, missing or pending for one place and period.

    first_import is the day the first import wrote a row of the period (None: not known).
    """
    if reported:
        if first_import is not None and first_import > due:
            return LATE
        return ON_TIME
    return PENDING if as_of <= due else MISSING


def missing_since(cadence: Cadence, data_as_of: dt.date | None, first_day: dt.date) -> Period:
    """The first missing period: the one after the place's data date, or, for a place that
    never reported, the period of the dataset's first day."""
    if data_as_of is None:
        return periods.containing(cadence.kind, first_day)
    last = periods.containing(cadence.kind, data_as_of)
    return periods.containing(cadence.kind, last.end + dt.timedelta(days=1))


def periods_missing(cadence: Cadence, since: Period, latest: Period) -> int:
    """How many periods from since to latest, both included (0 when since is after latest)."""
    count, p = 0, latest
    while p.start >= since.start:
        count += 1
        p = periods.previous(p)
    return count


def missing_alert(run: int) -> str | None:
    """Yellow for one missing period, red for two or more in a row, None for none."""
    if run <= 0:
        return None
    return "yellow" if run == 1 else "red"


def worst(statuses: list[str]) -> str:
    """The worst of several places' statuses (missing, late, pending, on time)."""
    return min(statuses, key=REPORT_STATUSES.index) if statuses else ON_TIME
