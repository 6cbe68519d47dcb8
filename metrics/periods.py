"""Reporting periods: year, quarter, month and ISO week, their predecessors and labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

GRANULARITY_OF = {"year": "month", "quarter": "week", "month": "day", "week": "day"}


@dataclass(frozen=True)
class Period:
    """A closed date range of one kind (year, quarter, month, week)."""

    kind: str
    start: dt.date
    end: dt.date

    def label(self, language: str = "zh") -> str:
        """The period as Chinese or English reports write it."""
        s = self.start
        if self.kind == "year":
            return f"{s.year}年" if language == "zh" else str(s.year)
        if self.kind == "quarter":
            q = (s.month - 1) // 3 + 1
            return f"{s.year}年第{q}季度" if language == "zh" else f"Q{q} {s.year}"
        if self.kind == "month":
            return f"{s.year}年{s.month}月" if language == "zh" else s.strftime("%b %Y")
        year, week, _ = s.isocalendar()
        e = self.end
        if language == "zh":
            return f"{year}年第{week}周（{s.month}月{s.day}日—{e.month}月{e.day}日）"
        return f"Week {week} {year} ({s:%d %b}–{e:%d %b})"

    @property
    def trend_granularity(self) -> str:
        """The bucket a trend chart within this period uses."""
        return GRANULARITY_OF[self.kind]


def year(y: int) -> Period:
    """The calendar year."""
    return Period("year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def quarter(y: int, q: int) -> Period:
    """The calendar quarter q (1–4) of year y."""
    start = dt.date(y, 3 * (q - 1) + 1, 1)
    return Period("quarter", start, _month_end(y, 3 * q))


def month(y: int, mo: int) -> Period:
    """The calendar month."""
    return Period("month", dt.date(y, mo, 1), _month_end(y, mo))


def iso_week(y: int, w: int) -> Period:
    """The ISO week (Monday to Sunday) w of ISO year y."""
    start = dt.date.fromisocalendar(y, w, 1)
    return Period("week", start, start + dt.timedelta(days=6))


def from_code(code: str) -> Period:
    """The period of a code as targets are stored: 2024, 2024-Q2 or 2024-03."""
    y, _, rest = code.partition("-")
    if not rest:
        return year(int(y))
    if rest.startswith("Q"):
        return quarter(int(y), int(rest[1:]))
    return month(int(y), int(rest))


def _month_end(y: int, mo: int) -> dt.date:
    """The last day of a month."""
    nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def containing(kind: str, day: dt.date) -> Period:
    """The period of a kind that contains a day."""
    if kind == "year":
        return year(day.year)
    if kind == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "month":
        return month(day.year, day.month)
    y, w, _ = day.isocalendar()
    return iso_week(y, w)


def previous(p: Period) -> Period:
    """The period of the same kind just before."""
    return containing(p.kind, p.start - dt.timedelta(days=1))


def same_period_last_year(p: Period) -> Period:
    """The same period one year earlier (for weeks: the same ISO week number)."""
    if p.kind == "week":
        y, w, _ = p.start.isocalendar()
        last_weeks = dt.date(y - 1, 12, 28).isocalendar()[1]
        return iso_week(y - 1, min(w, last_weeks))
    return containing(p.kind, p.start.replace(year=p.start.year - 1, day=1))


def periods_between(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    """Every period of a kind between two days, newest first."""
    out: list[Period] = []
    p = containing(kind, last)
    while p.end >= first:
        out.append(p)
        p = previous(p)
    return out


def named_period(
    week_code: str | None = None,
    month_code: str | None = None,
    quarter_code: str | None = None,
    year_value: int | str | None = None,
) -> Period:
    """The period a command line names: 2024-W48, 2024-11, 2024-Q4 or 2024 (ValueError if bad)."""
    try:
        if week_code:
            y, w = week_code.upper().split("-W")
            return iso_week(int(y), int(w))
        if month_code:
            y, mo = month_code.split("-")
            return month(int(y), int(mo))
        if quarter_code:
            y, q = quarter_code.upper().split("-Q")
            return quarter(int(y), int(q))
        if year_value is None:
            raise ValueError("no period given")
        return year(int(year_value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValueError(str(exc)) from exc
