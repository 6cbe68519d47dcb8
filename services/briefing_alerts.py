"""The briefing pack's 督办预警 page: red and yellow counts, places behind, overdue milestones."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from briefing_model import AlertsSection
from config import get_settings
from data_access.aggregate import Place
from data_access.meta import dataset_facts
from i18n import t
from metrics.frames import records
from metrics.periods import Period
from metrics.supervision import AT_MOST
from services.key_task_view import ALERT_KIND, progress_text, task_table, year_states
from services.supervision_view import alert_list, behind_rule, progress_table

MAX_ROWS = 10  # overdue milestones on the page
MAX_TASKS = 10


def _names(behind: pd.DataFrame, status: str, lang: str) -> str:
    """The places of one status, in table order, once each."""
    names = list(dict.fromkeys(behind.loc[behind["status"] == status, "name"]))
    return ("、" if lang == "zh" else ", ").join(names) or t("briefing.sv.nobody", lang)


def _over_lines(over: pd.DataFrame, lang: str) -> list[str]:
    """One line per "at most" indicator with places over the limit, worded as the page's rule."""
    settings = get_settings()
    lines = []
    for _, group in over.groupby("indicator", sort=False):
        parts = [
            t(
                "briefing.sv.over",
                lang,
                rule=behind_rule(group[group["status"] == s].iloc[0], lang, settings, note=False),
                places=_names(group, s, lang),
            )
            for s in ("red", "yellow")
            if (group["status"] == s).any()
        ]
        lines.append(("；" if lang == "zh" else ". ").join(parts) + ("。" if lang == "zh" else "."))
    return lines


def alerts_section(
    engine: Engine, p: Period, place: Place, names: dict[str, str], lang: str
) -> AlertsSection:
    """The page, judged at the period's end or the data date if earlier."""
    settings = get_settings()
    facts = dataset_facts(engine)
    last = facts.get("data_as_of") or facts.get("last_day") or p.end
    as_of = min(p.end, last)  # type: ignore[call-overload]  # the facts are objects; this one is a date
    progressed = progress_table(engine, as_of.year, as_of, place, settings, names)
    alerts = alert_list(engine, as_of, place, settings, names, progressed)
    states = year_states(engine, as_of.year, as_of, place, settings.deadline_warning_days)
    tasks = task_table(states, names)
    behind = progressed[progressed["status"].isin(["red", "yellow"])]
    behind = behind[behind["adcode"] != settings.province_adcode] if len(behind) else behind
    over = behind[behind["direction"] == AT_MOST]
    behind = behind[behind["direction"] != AT_MOST]
    red_places = set(behind.loc[behind["status"] == "red", "name"])
    behind = behind[~((behind["status"] == "yellow") & behind["name"].isin(red_places))]
    lines = [
        t(
            "briefing.sv.counts",
            lang,
            as_of=as_of.isoformat(),
            red=int((alerts["status"] == "red").sum()),
            yellow=int((alerts["status"] == "yellow").sum()),
            t_red=int((progressed["status"] == "red").sum()),
            t_yellow=int((progressed["status"] == "yellow").sum()),
            k_red=int((tasks["status"] == "red").sum()),
            k_yellow=int((tasks["status"] == "yellow").sum()),
        ),
        t(
            "briefing.sv.behind",
            lang,
            red=_names(behind, "red", lang),
            yellow=_names(behind, "yellow", lang),
        )  # fmt: skip
        if len(behind)
        else t("briefing.sv.behind_none", lang),
        *_over_lines(over, lang),
    ]
    overdue = alerts[(alerts["kind"] == ALERT_KIND) & (alerts["status"] == "red")]
    overdue = overdue.sort_values(["days", "name"], kind="stable")
    rows = [
        [r.name, r.task, r.milestone, r.since.isoformat(), str(-int(r.days))]
        for r in records(overdue.head(MAX_ROWS))
    ]
    extra = len(overdue) - len(rows)
    return AlertsSection(
        title=t("briefing.sv.title", lang),
        lines=lines,
        table_title=t("briefing.sv.overdue_title", lang)
        if rows
        else t("briefing.sv.overdue_none", lang),
        header=[
            t(k, lang)
            for k in ("col.place", "kt.col.task", "kt.col.milestone", "kt.col.due", "kt.col.late")
        ],
        rows=rows,
        more=t("briefing.sv.overdue_more", lang, n=extra) if extra > 0 else "",
        task_title=t("briefing.sv.tasks_title", lang) if len(tasks) else "",
        task_header=[t(k, lang) for k in ("kt.col.task", "sv.col.status", "kt.col.progress")],
        task_rows=[
            [r.task, t(f"sv.status.{r.status}", lang), progress_text(r.done, r.milestones)]
            for r in records(tasks.head(MAX_TASKS))
        ],
    )
