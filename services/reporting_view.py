"""报送情况: each county unit's status for the latest periods of every checked dataset, its own
data date, and the missing-report alerts (the rule in metrics/reporting.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
from sqlalchemy import Engine

from data_access import reporting
from data_access.aggregate import Place
from data_access.intake.cadences import CADENCES, ReportingRule, checked
from i18n import t
from metrics import reporting as rule
from metrics.frames import records
from metrics.periods import Period

Row = pd.Series | Mapping[str, Any]  # an alert row: a frame's row or one of its records

STATUS_COLUMNS = ["dataset", "period", "due", "adcode", "name", "city_adcode", "status"]


@dataclass(frozen=True)
class DatasetReports:
    """One dataset's statuses (long: place × period) and each place's data date."""

    rule: ReportingRule
    periods: list[Period]  # the newest first
    latest_due: Period
    first_day: dt.date
    statuses: pd.DataFrame  # STATUS_COLUMNS
    data_as_of: dict[str, dt.date | None]  # by adcode, on or before the judging day
    last_by_due: dict[str, dt.date | None]  # by adcode, on or before the latest due period's end


def _places(engine: Engine, place: Place) -> pd.DataFrame:
    """The reporting county units in a place (and in the user's scope)."""
    units = reporting.reporting_places(engine)
    if place.level == "city":
        units = units[(units["city_adcode"] == place.adcode) | (units["adcode"] == place.adcode)]
    elif place.level == "county":
        units = units[units["adcode"] == place.adcode]
    return units.reset_index(drop=True)


def _date(value: object) -> dt.date | None:
    """A date, or None for no row (NaN after a reindex)."""
    return None if value is None or pd.isna(value) else value  # type: ignore[call-overload, return-value]  # a reindexed cell: a date or NaN


def _first_imports(
    engine: Engine, r: ReportingRule, shown: list[Period], start: dt.date, as_of: dt.date
) -> list[dict[str, dt.date]]:
    """For each shown period, the day each place's rows of it first came in (by any import of
    the dataset, or of a record dataset that reports it); places without an import record
    are absent (on time)."""
    firsts: list[dict[str, dt.date]] = [{} for _ in shown]

    def keep(i: int, adcode: str, day: dt.date | None) -> None:
        if day is not None and (adcode not in firsts[i] or day < firsts[i][adcode]):
            firsts[i][adcode] = day

    if r.keyed_history:
        imports = reporting.first_imports(engine, r.dataset, start, as_of)
        for i, p in enumerate(shown):
            came = imports[(imports["day"] >= p.start) & (imports["day"] <= p.end)]
            for adcode, day in zip(came["adcode"], came["imported"], strict=True):
                keep(i, adcode, day)
    by_record = ([r.dataset] if r.record_history else []) + list(r.reported_by)
    ranges = tuple((p.start, p.end) for p in shown)
    for dataset in by_record:
        wide = reporting.first_record_imports_by_period(engine, dataset, ranges)
        for i in range(len(shown)):
            for adcode, day in zip(wide["adcode"], wide[f"r{i}"], strict=True):
                keep(i, adcode, day)
    return firsts


def dataset_reports(
    engine: Engine, r: ReportingRule, as_of: dt.date, units: pd.DataFrame
) -> DatasetReports | None:
    """The statuses of one dataset for its latest periods (None: the dataset has no rows or
    had not begun by then)."""
    cadence, column = r.cadence, r.date_column
    assert cadence is not None and column is not None
    first = reporting.first_day(engine, r.dataset, column)
    if first is None or first > as_of:
        return None
    shown = [p for p in cadence.latest_periods(as_of, r.shown) if p.end >= first]
    latest = cadence.latest_due(as_of)
    if not shown:
        return None
    start = min(shown[-1].start, latest.start)
    ranges = tuple((p.start, p.end) for p in shown) + ((None, as_of), (None, latest.end))
    last = reporting.last_days(engine, r.dataset, column, ranges).set_index("adcode")
    last = last.reindex(units["adcode"])
    firsts = _first_imports(engine, r, shown, start, as_of)
    rows = []
    for i, p in enumerate(shown):
        due = cadence.due(p)
        for u, day in zip(records(units), last[f"r{i}"], strict=True):
            reported = day is not None and not pd.isna(day)
            status = rule.report_status(reported, firsts[i].get(u.adcode), due, as_of)
            rows.append((r.dataset, p, due, u.adcode, u.name, u.city_adcode, status))
    as_of_col, due_col = last[f"r{len(shown)}"], last[f"r{len(shown) + 1}"]
    return DatasetReports(
        rule=r,
        periods=shown,
        latest_due=latest,
        first_day=first,
        statuses=pd.DataFrame(rows, columns=STATUS_COLUMNS),
        data_as_of={cast(str, a): _date(d) for a, d in as_of_col.items()},  # indexed by adcode
        last_by_due={cast(str, a): _date(d) for a, d in due_col.items()},
    )


def reporting_status(engine: Engine, as_of: dt.date, place: Place) -> list[DatasetReports]:
    """Every checked dataset's statuses in a place, judged on a day."""
    units = _places(engine, place)
    if units.empty:
        return []
    found = [dataset_reports(engine, r, as_of, units) for r in checked()]
    return [d for d in found if d is not None]


ALERT_COLUMNS = ["adcode", "dataset", "period", "due", "run", "status", "since", "never"]


def missing_reports(reports: list[DatasetReports], as_of: dt.date) -> pd.DataFrame:
    """Places that have not reported the latest due period: since when (the first missing
    period), how many periods in a row, and the alert's colour."""
    rows = []
    for d in reports:
        cadence = d.rule.cadence
        assert cadence is not None
        latest = d.latest_due
        if latest.end < d.first_day:
            continue
        for adcode, last in d.last_by_due.items():
            since = rule.missing_since(cadence, last, d.first_day)
            run = rule.periods_missing(cadence, since, latest)
            status = rule.missing_alert(run)
            if status is None:
                continue
            rows.append(
                (
                    adcode,
                    d.rule.dataset,
                    latest,
                    cadence.due(latest),
                    run,
                    status,
                    since,
                    last is None,
                )
            )
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


def reporting_alerts(engine: Engine, as_of: dt.date, place: Place) -> pd.DataFrame:
    """The missing-report alerts of a place judged on a day."""
    return missing_reports(reporting_status(engine, as_of, place), as_of)


def alert_rows(engine: Engine, as_of: dt.date, place: Place) -> list[dict[str, Any]]:
    """The missing-report alerts as rows of the 督办预警 alert list (kind missing_report)."""
    return missing_alert_rows(reporting_alerts(engine, as_of, place))


def missing_alert_rows(found: pd.DataFrame) -> list[dict[str, Any]]:
    """Missing reports (missing_reports) as rows of the alert list (kind missing_report)."""
    return [
        {
            "adcode": r.adcode,
            "kind": "missing_report",
            "status": r.status,
            "items": int(r.run),  # periods missing in a row
            "indicator": None,
            "gap": None,
            "days": None,
            "since": r.since.start,
            "dataset": r.dataset,
            "period": r.period,
            "due": r.due,
            "never": bool(r.never),
        }
        for r in records(found)
    ]


def period_text(p: Period, lang: str) -> str:
    """A reporting period as the grid heads it (weeks short, months as reports write them)."""
    if p.kind != "week":
        return p.label(lang)
    s, e = p.start, p.end
    week = s.isocalendar()[1]
    return t("rp.week", lang, week=week, m1=s.month, d1=s.day, m2=e.month, d2=e.day)


def missing_rule(row: Row, lang: str) -> str:
    """The rule a missing-report alert fired on, in words."""
    cadence = CADENCES[row["dataset"]].words[0 if lang == "zh" else 1]
    return t(
        "sv.rule.missing_report",
        lang,
        dataset=t(f"rp.ds.{row['dataset']}", lang),
        cadence=cadence.split("（")[0].split(" (")[0],
        period=period_text(row["period"], lang),
        due=row["due"].isoformat(),
    )


def missing_figure(row: Row, lang: str) -> str:
    """How many periods a missing-report alert counts."""
    key = "sv.figure.never" if bool(row["never"]) else "sv.figure.missing_run"
    return t(key, lang, n=int(row["items"]))
