"""Key tasks (重点任务) on the 督办预警 page, in its alert list, the CLI and the briefing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data_access import key_tasks
from data_access.aggregate import Place
from i18n import t
from metrics.frames import records
from metrics.key_tasks import milestone_states, summary, tasks_of_year
from services.reporting_view import Row

STATUS_ORDER = {"red": 0, "yellow": 1, "none": 2, "green": 3}
TASK_COLUMNS = [
    "task",
    "lead_office",
    "places",
    "place_names",
    "milestones",
    "done",
    "red",
    "yellow",
    "status",
    "since",
    "next_due",
]
ALERT_KIND = "key_task"


def year_states(
    engine: Engine, year: int, as_of: dt.date, place: Place, warn_days: int
) -> pd.DataFrame:
    """The year's key-task milestones in a place, each with its state on the day."""
    rows = tasks_of_year(key_tasks.milestones(engine, place), year)
    return milestone_states(rows, as_of, warn_days)


def task_table(states: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per task: lead office, places, milestones done of all, red, yellow, status."""
    if states.empty:
        return pd.DataFrame(columns=TASK_COLUMNS)
    out = summary(states, "task")
    out["place_names"] = out["places"].map(lambda ps: [names.get(a, a) for a in ps])
    out = out.assign(_rank=out["status"].map(STATUS_ORDER))
    out = out.sort_values(["_rank", "since", "task"], kind="stable", na_position="last")
    return out[TASK_COLUMNS].reset_index(drop=True)


def place_status(states: pd.DataFrame, level: str) -> pd.DataFrame:
    """Status per city (level "city": counties counted in their city) or per place: adcode,
    status, red, yellow, milestones, done."""
    columns = ["adcode", "status", "red", "yellow", "milestones", "done"]
    if states.empty:
        return pd.DataFrame(columns=columns)
    keyed = states
    if level == "city":
        keyed = states.assign(adcode=states["city_adcode"].fillna(states["adcode"]))
    return summary(keyed, "adcode")[columns]


def alert_rows(states: pd.DataFrame) -> list[dict[str, Any]]:
    """An alert per milestone red (overdue, since its due date) or yellow (due soon)."""
    late = states[states["state"].isin(["red", "yellow"])]
    return [
        {
            "adcode": r.adcode,
            "kind": ALERT_KIND,
            "status": r.state,
            "items": 1,
            "indicator": None,
            "gap": None,
            "days": int(r.days_left),
            "since": r.due_on,
            "task": r.task,
            "milestone": r.milestone,
        }
        for r in records(late)
    ]


def rule_text(row: Row, lang: str) -> str:
    """The rule an alert of a milestone fired, in words."""
    today = row["status"] == "yellow" and int(row["days"]) == 0
    return t(
        "kt.rule.today" if today else f"kt.rule.{row['status']}",
        lang,
        task=row["task"],
        milestone=row["milestone"],
        due=row["since"].isoformat(),
        days=abs(int(row["days"])),
    )


def figure_text(row: Row, lang: str) -> str:
    """Days overdue or days left of a milestone alert."""
    days = int(row["days"])
    return t("kt.figure.overdue" if days < 0 else "kt.figure.left", lang, days=abs(days))


def tasks_shown(tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The task table with headers in a language, for files (dates as ISO text)."""

    def day(value: object) -> str:
        return value.isoformat() if isinstance(value, dt.date) else ""

    sep = "、" if lang == "zh" else ", "
    return pd.DataFrame(
        {
            t("sv.col.status", lang): tasks["status"].map(lambda s: t(f"sv.status.{s}", lang)),
            t("kt.col.task", lang): tasks["task"],
            t("kt.col.lead_office", lang): tasks["lead_office"],
            t("kt.col.places", lang): tasks["place_names"].map(sep.join),
            t("kt.col.progress", lang): [
                progress_text(d, n) for d, n in zip(tasks["done"], tasks["milestones"], strict=True)
            ],
            t("kt.col.overdue", lang): tasks["red"].astype(int),
            t("kt.col.due_soon", lang): tasks["yellow"].astype(int),
            t("kt.col.when", lang): [
                day(s) or day(n) for s, n in zip(tasks["since"], tasks["next_due"], strict=True)
            ],
            t("kt.col.status_code", lang): tasks["status"],
        }
    )


def progress_text(done: int, total: int) -> str:
    """Milestones done of all, e.g. 3/5."""
    return f"{done}/{total}"


def map_statuses(
    progressed: pd.DataFrame,
    states: pd.DataFrame,
    indicator: str,
    level: str,
    units: set[str],
) -> pd.DataFrame:
    """The status of each place drawn (units: the map's adcodes) for one target indicator (its
    worst target) or for the key tasks (indicator "key_tasks"): adcode, status, detail."""
    if indicator == "key_tasks":
        by_place = place_status(states, level)
        by_place = by_place[by_place["adcode"].isin(units)]
        counts: list[Any] = [  # a column of tuples
            (int(r.done), int(r.milestones), int(r.red), int(r.yellow)) for r in records(by_place)
        ]
        return by_place.assign(detail=counts)[["adcode", "status", "detail"]]
    rows = progressed[
        (progressed["indicator"] == indicator)
        & progressed["adcode"].isin(units)
        & (progressed["status"] != "none")
    ]
    if rows.empty:
        return pd.DataFrame(columns=["adcode", "status", "detail"])
    worst = rows.assign(_rank=rows["status"].map(STATUS_ORDER)).sort_values("_rank")
    worst = worst.drop_duplicates("adcode")
    pairs: list[Any] = list(zip(worst["completion"], worst["gap"], strict=True))  # tuples
    return worst.assign(detail=pairs)[["adcode", "status", "detail"]]
