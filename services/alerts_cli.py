"""`cli.py alerts`: the 督办预警 alert list and the places behind schedule for a scheduled job."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from config import get_settings
from data_access.aggregate import Place
from data_access.meta import dataset_facts
from data_access.regions import load_region_registry
from data_access.schema import upgrade_schema
from data_access.vocabulary import SUPERVISION_INDICATORS, label
from i18n import t
from metrics import periods
from services.key_task_view import (
    ALERT_KIND,
    figure_text,
    rule_text,
    task_table,
    tasks_shown,
    year_states,
)
from services.reporting_view import missing_figure, missing_rule
from services.supervision_view import (
    alert_list,
    behind_rule,
    kind_label,
    progress_table,
    with_since,
)

COMMANDS = ("alerts",)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the alerts sub-command to the command line."""
    p = sub.add_parser("alerts", help="the 督办预警 alerts and places behind schedule of a period")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--week", help="e.g. 2024-W48")
    when.add_argument("--month", help="e.g. 2024-11")
    when.add_argument("--year", type=int)
    p.add_argument("--place", help="adcode of a city or county (default: the province)")
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--format", required=True, choices=["json", "csv", "xlsx"])
    p.add_argument("--out", type=Path, default=None, help="file to write (default: print)")


def _period(args: argparse.Namespace) -> periods.Period:
    """The week, month or year named on the command line (ValueError when malformed)."""
    return periods.named_period(args.week, args.month, None, args.year)


def alerts_report(
    engine: Engine, period: periods.Period, place: Place, names: dict[str, str], lang: str
) -> tuple[dt.date, pd.DataFrame, pd.DataFrame]:
    """The day judged on, the alert list and the targets behind schedule, with shown headers."""
    settings = get_settings()
    facts = dataset_facts(engine)
    last = facts.get("data_as_of") or facts.get("last_day") or period.end
    as_of = min(period.end, last)  # type: ignore[call-overload]  # the facts are objects; this one is a date
    progressed = progress_table(engine, period.start.year, as_of, place, settings, names)
    progressed = with_since(engine, progressed, as_of, settings)
    alerts = alert_list(engine, as_of, place, settings, names, progressed)
    shown = pd.DataFrame(
        {
            t("sv.col.status", lang): alerts["status"].map(lambda s: t(f"sv.status.{s}", lang)),
            t("col.place", lang): alerts["name"],
            t("sv.col.kind", lang): [kind_label(r, lang) for _, r in alerts.iterrows()],
            t("sv.col.rule", lang): [_rule(r, lang) for _, r in alerts.iterrows()],
            t("sv.col.figure", lang): [_figure(r, lang) for _, r in alerts.iterrows()],
            t("sv.col.since", lang): alerts["since"].map(_day),
            t("col.adcode", lang): alerts["adcode"],
        }
    )
    behind = progressed[progressed["status"].isin(["red", "yellow"])]
    behind_shown = pd.DataFrame(
        {
            t("sv.col.status", lang): behind["status"].map(lambda s: t(f"sv.status.{s}", lang)),
            t("col.place", lang): behind["name"],
            t("sv.col.indicator", lang): behind["indicator"].map(
                lambda i: label(SUPERVISION_INDICATORS, i, lang)
            ),
            t("col.period", lang): behind["period"],
            t("sv.col.target", lang): behind["target"].astype(float),
            t("sv.col.expected", lang): behind["expected"].astype(float),
            t("sv.col.actual", lang): behind["actual"].astype(float),
            t("sv.col.gap", lang): behind["gap"].astype(float),
            t("sv.col.since", lang): behind["since"].map(_day),
            t("col.adcode", lang): behind["adcode"],
        }
    ).reset_index(drop=True)
    return as_of, shown, behind_shown


def _day(d: dt.date | None) -> str:
    """A since date as ISO text, blank when there is none."""
    return "" if d is None or pd.isna(d) else d.isoformat()


def _rule(row: pd.Series, lang: str) -> str:
    """The rule that fired, in words (as the page words it)."""
    s = get_settings()
    if row["kind"] == "missing_report":
        return missing_rule(row, lang)
    if row["kind"] == ALERT_KIND:
        return rule_text(row, lang)
    if row["kind"] == "behind_schedule":
        return behind_rule(row, lang, s)
    limit = (
        s.conclusion_limit_days
        if row["kind"] == "suggestion_conclusion"
        else s.acceptance_limit_days
    )
    return t(f"sv.rule.deadline_{row['status']}", lang, limit=limit, days=abs(int(row["days"])))


def _figure(row: pd.Series, lang: str) -> str:
    """Items for a deadline alert, the gap for a place behind schedule, the periods missing,
    days for a milestone."""
    if row["kind"] == "missing_report":
        return missing_figure(row, lang)
    if row["kind"] == ALERT_KIND:
        return figure_text(row, lang)
    if row["kind"] == "behind_schedule":
        return f"{float(row['gap']):+.1f}"
    return str(int(row["items"]))


def run(engine: Engine, args: argparse.Namespace) -> int:
    """Print or write the alerts; 2 with a message on bad arguments."""
    settings = get_settings()
    try:
        period = _period(args)
    except ValueError as exc:
        print(f"期间格式错误 / bad period: {exc}", file=sys.stderr)
        return 2
    upgrade_schema(engine)
    places = load_region_registry(settings.province_adcode)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    levels = dict(zip(places["adcode"], places["level"], strict=True))
    code = args.place or settings.province_adcode
    if code not in names:
        print(f"未知的行政区划代码 / unknown adcode: {code}", file=sys.stderr)
        return 2
    if code == settings.province_adcode:
        place = Place(code, "province")
    else:
        place = Place(code, "county" if levels[code] == "county" else "city")
    as_of, alerts, behind = alerts_report(engine, period, place, names, args.lang)
    states = year_states(engine, as_of.year, as_of, place, settings.deadline_warning_days)
    tasks = tasks_shown(task_table(states, names), args.lang)
    data = _render(args.format, as_of, period, code, names, (alerts, behind, tasks), args.lang)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
        print(args.out)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _render(
    fmt: str,
    as_of: dt.date,
    period: periods.Period,
    code: str,
    names: dict[str, str],
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    lang: str,
) -> bytes:
    """The report as JSON, CSV (the alert list) or XLSX (alerts, behind-schedule and key-task
    sheets)."""
    alerts, behind, tasks = tables
    status = t("sv.col.status", lang)
    if fmt == "json":
        red, yellow = t("sv.status.red", lang), t("sv.status.yellow", lang)
        body = {
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "as_of": as_of.isoformat(),
            "place": {"adcode": code, "name": names[code]},
            "counts": {
                "red": int((alerts[status] == red).sum()),
                "yellow": int((alerts[status] == yellow).sum()),
                "missing_report": int(
                    (alerts[t("sv.col.kind", lang)] == t("sv.kind.missing_report", lang)).sum()
                ),
            },
            "alerts": alerts.to_dict(orient="records"),
            "behind_schedule": behind.to_dict(orient="records"),
            "key_tasks": tasks.to_dict(orient="records"),
        }
        return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        return alerts.to_csv(index=False).encode("utf-8-sig")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        alerts.to_excel(xl, sheet_name=t("sv.alerts.title", lang)[:31], index=False)
        behind.to_excel(xl, sheet_name=t("sv.kind.behind_schedule", lang)[:31], index=False)
        tasks.to_excel(xl, sheet_name=t("kt.title", lang)[:31], index=False)
    return buf.getvalue()
