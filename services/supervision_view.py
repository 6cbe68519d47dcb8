"""The 督办预警 page's views: every target against its 序时进度, and the alert list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from config import Settings
from data_access import supervision
from data_access.aggregate import Place
from data_access.cache import cached_view
from data_access.intake.datasets.supervision import SHARE_INDICATORS
from data_access.meta import regions
from data_access.vocabulary import SUPERVISION_INDICATORS, TARGET_DIRECTIONS, label
from i18n import t
from metrics import periods
from metrics.numbers import percent
from metrics.supervision import (
    AT_MOST,
    behind_since,
    elapsed_share,
    expected_to_date,
    judging_points,
    progress,
    status,
)
from services import key_task_view
from services.place_population import population_10k
from services.reporting_view import alert_rows, missing_alert_rows

PROGRESS_COLUMNS = [
    "adcode",
    "name",
    "level",
    "indicator",
    "period",
    "direction",
    "target",
    "elapsed_share",
    "expected",
    "actual",
    "gap",
    "completion",
    "status",
]
STATUS_ORDER = {"red": 0, "yellow": 1, "none": 2, "green": 3}
INDICATORS = tuple(SUPERVISION_INDICATORS)  # every supervised indicator, in the vocabulary's order
SHARES = SHARE_INDICATORS  # the indicators whose figures are in percent


def indicator_name(code: str, lang: str) -> str:
    """An indicator's name in a language."""
    return label(SUPERVISION_INDICATORS, code, lang)


def direction_name(code: str, lang: str) -> str:
    """A target direction's name in a language."""
    return label(TARGET_DIRECTIONS, code, lang)


@cached_view  # recomputed on every run it took 9 % of the CPU under load (py-spy, load_bench)
def progress_table(
    engine: Engine,
    year: int,
    as_of: dt.date,
    place: Place,
    settings: Settings,
    names: dict[str, str],
) -> pd.DataFrame:
    """The year's targets in a place with actual so far, expected to date, gap and status,
    the worst first."""
    tg = supervision.targets(engine, year, place)
    if tg.empty:
        return pd.DataFrame(columns=PROGRESS_COLUMNS)
    limits = (settings.acceptance_limit_days, settings.conclusion_limit_days)
    frames = []
    for (indicator, code), group in tg.groupby(["indicator", "period"], sort=False):
        p = periods.from_code(code)  # type: ignore[arg-type]  # the period column holds codes
        group = group.assign(start=p.start, end=p.end)
        if as_of < p.start:  # not begun: nothing due and nothing to count yet
            frames.append(group.assign(actual=float("nan")))
            continue
        levels = tuple(sorted(set(group["level"])))
        actual = supervision.actual_by_place(
            engine,
            indicator,  # type: ignore[arg-type]  # the indicator column holds names
            p.start,
            min(as_of, p.end),
            levels,
            settings.province_adcode,
            limits,
            population=_population(engine, group, str(indicator)),
        )
        frames.append(group.merge(actual, on=["adcode", "level"], how="left"))
    df = pd.concat(frames, ignore_index=True)
    df["proportional"] = df["indicator"].isin(supervision.FLOW_INDICATORS)
    out = progress(df, as_of, settings.supervision_margin)
    out["name"] = out["adcode"].map(names).fillna(out["adcode"])
    out = out.assign(_rank=out["status"].map(STATUS_ORDER))
    out = out.sort_values(["_rank", "indicator", "adcode"], kind="stable")
    return out[PROGRESS_COLUMNS].reset_index(drop=True)


def _population(engine: Engine, group: pd.DataFrame, indicator: str) -> dict[str, float] | None:
    """Residents (10,000s) of the targets' places for a per-10k indicator, else None."""
    if indicator not in supervision.PER_10K:
        return None
    places = regions(engine)
    out = {}
    for adcode, level in zip(group["adcode"], group["level"], strict=True):
        pop = population_10k(places, Place(adcode, level))
        if pop is not None:
            out[adcode] = pop
    return out


def _series(
    engine: Engine,
    group: pd.DataFrame,
    indicator: str,
    period: periods.Period,
    points: list[dt.date],
    settings: Settings,
) -> dict[str, list[float | None]]:
    """Each place's actual at each judging point (month ends, then the judging day), counted
    from the period's start: flows and shares from one query by month, levels on each day."""
    limits = (settings.acceptance_limit_days, settings.conclusion_limit_days)
    levels = tuple(sorted(set(group["level"])))
    args = (levels, settings.province_adcode, limits, _population(engine, group, indicator))
    out: dict[str, list[float | None]] = {a: [None] * len(points) for a in group["adcode"]}
    base = supervision.PER_10K.get(indicator, indicator)
    if base in supervision.FLOW_INDICATORS or base in supervision.SHARE_PARTS:
        monthly = supervision.actual_by_place(
            engine, indicator, period.start, points[-1], *args, monthly=True
        )
        months = [dt.date(d.year, d.month, 1) for d in points]  # one point per month
        monthly["period"] = pd.to_datetime(monthly["period"]).dt.date
        pairs = set(zip(group["adcode"], group["level"], strict=True))
        own = [p in pairs for p in zip(monthly["adcode"], monthly["level"], strict=True)]
        monthly = monthly[own]
        columns = ["part", "whole"] if base in supervision.SHARE_PARTS else ["actual"]
        by_month = monthly.groupby(["adcode", "period"])[columns].sum()
        sums = {
            c: by_month[c]
            .unstack("period", fill_value=0)
            .reindex(columns=months, fill_value=0)
            .cumsum(axis=1)
            for c in columns
        }
        if "whole" in sums:
            wide = sums["part"] / sums["whole"].where(sums["whole"] > 0) * 100
        else:
            wide = sums["actual"]
        for adcode, values in wide.iterrows():
            out[str(adcode)] = [None if pd.isna(v) else float(v) for v in values]
        return out
    for i, day in enumerate(points):  # levels: small tables, read on each day
        actual = supervision.actual_by_place(engine, indicator, period.start, day, *args)
        pairs = set(zip(group["adcode"], group["level"], strict=True))
        for adcode, value, level in zip(
            actual["adcode"], actual["actual"], actual["level"], strict=True
        ):
            if (adcode, level) in pairs and pd.notna(value):
                out[adcode][i] = float(value)
    return out


def behind_since_column(
    engine: Engine, progressed: pd.DataFrame, as_of: dt.date, settings: Settings
) -> pd.Series:
    """For each target red or yellow: since when it has been behind, judged at month ends —
    the first month end of the run of month ends (ending at the judging day) at which the
    place was behind; the judging day itself when it was not behind at the last month end."""
    since = pd.Series([None] * len(progressed), index=progressed.index, dtype=object)
    behind = progressed[progressed["status"].isin(["red", "yellow"])]
    for (name, code), group in behind.groupby(["indicator", "period"], sort=False):
        indicator = str(name)  # the indicator column holds names, the period column codes
        p = periods.from_code(str(code))
        points = judging_points(p.start, p.end, as_of)
        if not points:
            continue
        series = _series(engine, group, indicator, p, points, settings)
        flow = indicator in supervision.FLOW_INDICATORS
        for idx, r in group.iterrows():
            expected = [
                expected_to_date(float(r["target"]), elapsed_share(p.start, p.end, d), flow)
                for d in points
            ]
            states = [
                status(v, x, r["direction"], settings.supervision_margin)
                for v, x in zip(series[r["adcode"]], expected, strict=True)
            ]
            since.loc[idx] = behind_since(points, states)  # type: ignore[call-overload]  # iterrows labels are typed Hashable; they are this frame's own index
    return since


def with_since(
    engine: Engine, progressed: pd.DataFrame, as_of: dt.date, settings: Settings
) -> pd.DataFrame:
    """The progress table with a since column: since when each red or yellow target has been
    behind (behind_since_column), None for the others; alert_list then reuses it."""
    return progressed.assign(since=behind_since_column(engine, progressed, as_of, settings))


@cached_view  # recomputed on every run it took 6 % of the CPU under load (py-spy, load_bench)
def alert_list(
    engine: Engine,
    as_of: dt.date,
    place: Place,
    settings: Settings,
    names: dict[str, str],
    progressed: pd.DataFrame,
    missing: pd.DataFrame | None = None,
    since: bool = True,
) -> pd.DataFrame:
    """Every alert: place, kind, rule, status, figure and since when (red first).

    A since column of `progressed` (with_since) is taken as it is, and so are the missing
    reports (reporting_view.missing_reports) when the caller has them (the page shows their
    grid too); else they are computed here. since=False leaves the since column of places
    behind schedule empty when `progressed` has none (the weekly counts need no dates).

    Suggestions near or past a time limit come from the facts; places behind schedule from
    the progress table (red and yellow rows); missing reports from services.reporting_view;
    key-task milestones overdue or due soon.
    """
    deadlines = supervision.deadline_alerts(
        engine,
        as_of,
        place,
        settings.acceptance_limit_days,
        settings.conclusion_limit_days,
        settings.deadline_warning_days,
    )
    rows = []
    r: Any  # a row of a frame: the stubs type every field as any scalar
    for r in deadlines.itertuples():
        oldest_start = as_of - dt.timedelta(days=int(r.oldest))
        due = oldest_start + dt.timedelta(days=int(r.limit_days))
        rows.append(
            {
                "adcode": r.adcode,
                "kind": f"suggestion_{r.rule}",
                "status": r.status,
                "items": int(r.items),
                "indicator": None,
                "gap": None,
                "days": int(r.limit_days) - int(r.oldest),  # days left (negative: past)
                # red: overdue since the day after the oldest item's limit; yellow: due on
                "since": due + dt.timedelta(days=1) if r.status == "red" else due,
            }
        )
    behind = progressed[progressed["status"].isin(["red", "yellow"])]
    if "since" in progressed.columns:  # with_since has done it
        behind_since = progressed["since"]
    elif since:
        behind_since = behind_since_column(engine, behind, as_of, settings)
    else:
        behind_since = pd.Series(None, index=behind.index, dtype=object)
    for r in behind.itertuples():
        rows.append(
            {
                "adcode": r.adcode,
                "kind": "behind_schedule",
                "status": r.status,
                "items": None,
                "indicator": r.indicator,
                "direction": r.direction,
                "gap": float(r.gap),
                "days": None,
                "since": behind_since[r.Index],
            }
        )
    rows += alert_rows(engine, as_of, place) if missing is None else missing_alert_rows(missing)
    states = key_task_view.year_states(
        engine, as_of.year, as_of, place, settings.deadline_warning_days
    )
    rows.extend(key_task_view.alert_rows(states))  # key-task milestones overdue or due soon
    columns = ["adcode", "name", "kind", "status", "items", "indicator", "direction", "gap"]
    columns += ["days", "since"]
    columns += ["dataset", "period", "due", "never", "task", "milestone"]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows)
    out["name"] = out["adcode"].map(names).fillna(out["adcode"])
    out = out.assign(_rank=out["status"].map(STATUS_ORDER))
    out = out.sort_values(["_rank", "kind", "adcode"], kind="stable")
    return out.reindex(columns=columns).reset_index(drop=True)


@cached_view
def alert_counts(
    engine: Engine, as_of: dt.date, place: Place, settings: Settings
) -> dict[str, int]:
    """The overview's alert counts, as alert_list counts them without building every alert:
    suggestion items past (overdue) or near (due) a limit, key-task milestones overdue
    (kt_red) or due soon (kt_due)."""
    warn = settings.deadline_warning_days
    deadlines = supervision.deadline_alerts(
        engine, as_of, place, settings.acceptance_limit_days, settings.conclusion_limit_days, warn
    )
    items = deadlines.groupby("status")["items"].sum()
    states = key_task_view.year_states(engine, as_of.year, as_of, place, warn)
    milestones = [r["status"] for r in key_task_view.alert_rows(states)]
    return {
        "overdue": int(items.get("red", 0)),
        "due": int(items.get("yellow", 0)),
        "kt_red": milestones.count("red"),
        "kt_due": milestones.count("yellow"),
    }


def kind_label(row: Any, lang: str) -> str:
    """The alert's type in words; a behind-schedule alert of an "at most" target is 超过上限."""
    if row["kind"] == "behind_schedule" and row.get("direction") == AT_MOST:
        return t("sv.kind.over_limit", lang)
    return t(f"sv.kind.{row['kind']}", lang)


def behind_rule(row: Any, lang: str, settings: Settings, note: bool = True) -> str:
    """The rule a target behind schedule broke, in words: behind the schedule for an "at
    least" target, over the limit for an "at most" one (page, CLI and briefing alike); `note`
    adds how its since-when is judged."""
    over = row.get("direction") == AT_MOST
    text = t(
        f"sv.rule.{'over' if over else 'behind'}_{row['status']}",
        lang,
        indicator=label(SUPERVISION_INDICATORS, row["indicator"], lang),
        margin=percent(settings.supervision_margin, 0),
    )
    return text + t("sv.rule.since_note", lang) if note else text
