"""Headline figures of the five areas for a period and place, shared by pages, CLI and briefings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import pandas as pd
from sqlalchemy import Engine

from config import get_settings
from data_access import associations, buildout, handling_status, signage, suggestions, volunteer
from data_access.aggregate import Place
from data_access.cache import cached_view
from data_access.vocabulary import PETITION_CHANNEL
from metrics import periods, rates
from metrics.frames import records
from metrics.periods import Period


@dataclass(frozen=True)
class Compared:
    """A figure in the period, the previous period and the same period last year."""

    current: float
    previous: float
    last_year: float


@dataclass(frozen=True)
class Headline:
    """Every headline figure of the overview."""

    period: Period
    place: Place
    departments_formed: dict[str, int]
    departments_total: dict[str, int]
    departments_formed_previous: int
    departments_formed_last_year: int
    founded: str | None
    complete: str | None
    workforce_year: int
    community_workers_per_10k: float | None
    volunteer_hours: Compared
    volunteers: Compared
    associations: Compared
    associations_by_level: dict[str, int]
    party_coverage: float | None
    survey_year: int
    survey: dict[str, int]
    plaques_removed: Compared
    plaque_kinds: dict[str, dict[str, int]]
    suggestions_received: Compared
    suggestions_by_channel_group: dict[str, int]
    suggestions_concluded: int
    suggestions_adopted: int
    handled_in_period: int = 0
    handled_on_time: int = 0
    overdue_open: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def on_time_share(self) -> float | None:
        """Share of the suggestions concluded in the period that met both time limits."""
        return rates.share(self.handled_on_time, self.handled_in_period)


def _sum(df: pd.DataFrame, col: str) -> float:
    """Total of a column, 0 for an empty frame."""
    return float(df[col].sum()) if len(df) else 0.0


def _compared(fetch: Callable[[dt.date, dt.date], pd.DataFrame], col: str, p: Period) -> Compared:
    """Fetch a measure for the period, the previous one and last year's."""
    prev, last = periods.previous(p), periods.same_period_last_year(p)
    return Compared(
        _sum(fetch(p.start, p.end), col),
        _sum(fetch(prev.start, prev.end), col),
        _sum(fetch(last.start, last.end), col),
    )


def _formed(engine: Engine, day: dt.date, place: Place) -> int:
    """City and county departments formed by a day."""
    df = buildout.departments_formed(engine, day, place)
    return int(df[df["level"] != "province"]["formed"].sum())


@cached_view  # recomputed on every run it took 11 % of the CPU under load (py-spy, load_bench)
def headline(engine: Engine, p: Period, place: Place) -> Headline:
    """Compute the headline figures of all five areas."""
    deps = buildout.departments_formed(engine, p.end, place)
    dates = buildout.formation_dates(engine)
    workforce_year = p.end.year
    work = buildout.community_workers(engine, workforce_year, place)
    ratio = (
        rates.per_10k(_sum(work, "community_workers"), _sum(work, "urban_residents"))
        if len(work)
        else None
    )

    def vol(start: dt.date, end: dt.date) -> pd.DataFrame:
        return volunteer.volunteer_service(engine, start, end, place)

    def assoc_stock(_start: dt.date, end: dt.date) -> pd.DataFrame:
        return associations.associations_active(engine, end, place)

    def plaques(start: dt.date, end: dt.date) -> pd.DataFrame:
        return signage.plaques_removed(engine, start, end, place)

    def sugg(start: dt.date, end: dt.date) -> pd.DataFrame:
        return suggestions.suggestion_counts(engine, start, end, place)

    by_level = associations.associations_active(engine, p.end, place, by=("level",))
    by_channel = suggestions.suggestion_counts(engine, p.start, p.end, place, by=("channel",))
    petition = int(by_channel.loc[by_channel["channel"] == PETITION_CHANNEL, "received"].sum())
    kinds = signage.plaque_kind_counts(engine)
    prev, last = periods.previous(p), periods.same_period_last_year(p)
    current_sugg = sugg(p.start, p.end)
    limits = get_settings()
    accept, conclude = limits.acceptance_limit_days, limits.conclusion_limit_days
    handled = handling_status.concluded_between(engine, p.start, p.end, place, accept, conclude)
    overdue = handling_status.overdue_open(engine, p.end, place, accept, conclude)
    return Headline(
        period=p,
        place=place,
        departments_formed={r.level: int(r.formed) for r in records(deps)},
        departments_total={r.level: int(r.total) for r in records(deps)},
        departments_formed_previous=_formed(engine, prev.end, place),
        departments_formed_last_year=_formed(engine, last.end, place),
        founded=dates["founded"].isoformat() if dates["founded"] else None,
        complete=dates["complete"].isoformat() if dates["complete"] else None,
        workforce_year=workforce_year,
        community_workers_per_10k=ratio,
        volunteer_hours=_compared(vol, "hours", p),
        volunteers=_compared(vol, "volunteers", p),
        associations=_compared(assoc_stock, "associations", p),
        associations_by_level={r.level: int(r.associations) for r in records(by_level)},
        party_coverage=rates.share(
            _sum(by_level, "with_party_org"), _sum(by_level, "associations")
        ),
        survey_year=p.end.year,
        survey=associations.survey_counts(engine, p.end.year),
        plaques_removed=_compared(plaques, "plaques_removed", p),
        plaque_kinds={
            r.scope: {"before": int(r.before), "after": int(r.after)} for r in records(kinds)
        },
        suggestions_received=_compared(sugg, "received", p),
        suggestions_by_channel_group={
            "petition": petition,
            "other": int(by_channel["received"].sum()) - petition,
        },
        suggestions_concluded=int(_sum(current_sugg, "concluded")),
        suggestions_adopted=int(_sum(current_sugg, "adopted")),
        handled_in_period=int(_sum(handled, "concluded")),
        handled_on_time=int(_sum(handled, "on_time")),
        overdue_open=int(_sum(overdue, "overdue_acceptance") + _sum(overdue, "overdue_conclusion")),
    )


def as_facts_json(h: Headline) -> dict[str, object]:
    """The headline as JSON, named with the keys of the published facts where they match."""
    kinds = h.plaque_kinds
    ratio = h.community_workers_per_10k
    return {
        "period": {
            "kind": h.period.kind,
            "start": h.period.start.isoformat(),
            "end": h.period.end.isoformat(),
        },
        "place": asdict(h.place),
        "province_dept_established": h.founded,
        "three_levels_complete_by": h.complete,
        "city_departments": h.departments_formed.get("city", 0),
        "county_departments": h.departments_formed.get("county", 0),
        "associations_total": int(h.associations.current),
        "associations_provincial": h.associations_by_level.get("province", 0),
        "associations_visited": h.survey["visited"],
        "associations_issues_collected": h.survey["issues_collected"],
        "association_questionnaires": h.survey["questionnaires"],
        "signs_removed": int(h.plaques_removed.current),
        "village_sign_types_before": kinds.get("village", {}).get("before"),
        "village_sign_types_after": kinds.get("village", {}).get("after"),
        "village_work_mechanisms_before": kinds.get("mechanism", {}).get("before"),
        "village_work_mechanisms_after": kinds.get("mechanism", {}).get("after"),
        "internal_sign_types_after": kinds.get("internal", {}).get("after"),
        "suggestions_petition_channel": h.suggestions_by_channel_group["petition"],
        "suggestions_other_channels": h.suggestions_by_channel_group["other"],
        "community_workers_per_10k_urban": None if ratio is None else round(ratio, 1),
        "suggestions_received": int(h.suggestions_received.current),
        "suggestions_concluded": h.suggestions_concluded,
        "suggestions_adopted": h.suggestions_adopted,
        "volunteer_hours": round(h.volunteer_hours.current, 1),
        "volunteers": int(h.volunteers.current),
        "suggestions_concluded_in_period": h.handled_in_period,
        "suggestions_on_time_share": None if h.on_time_share is None else round(h.on_time_share, 4),
        "suggestions_overdue_open": h.overdue_open,
        "party_organisation_coverage": None
        if h.party_coverage is None
        else round(h.party_coverage, 4),
    }
