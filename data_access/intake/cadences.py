"""How often each importable dataset is reported (报送频次): the one table of cadences.

Datasets with a weekly or monthly cadence are checked for completeness on the 督办预警 page
(每周 plaque removals due the Tuesday after the week, 每月 volunteer totals and suggestions due
the 10th of the next month, each by every county unit); the others are reported once a year or
whenever something changes, and are not checked. Lateness comes from the import history:
by its row keys (adcode, date) or, for suggestions, by the rows' own keys (source_id).
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics.reporting import Cadence


@dataclass(frozen=True)
class ReportingRule:
    """A dataset's reporting cadence, who reports it, and how its rows are dated."""

    dataset: str
    cadence: Cadence | None  # None: yearly or when something changes (not checked)
    words: tuple[str, str]  # the cadence as the page says it, Chinese and English
    date_column: str | None = None  # the column that dates a row to a period
    shown: int = 0  # periods shown in the reporting grid
    keyed_history: bool = False  # the import history's row keys start (adcode, date): lateness
    record_history: bool = False  # the history's keys are the rows' source_id: lateness via rows
    # record datasets whose imports report this one too (their places and days written)
    reported_by: tuple[str, ...] = ()


WEEKLY = Cadence("week", 2)
MONTHLY = Cadence("month", 10)

CADENCES: dict[str, ReportingRule] = {
    r.dataset: r
    for r in (
        ReportingRule(
            "plaque_removal",
            WEEKLY,
            ("每周（周五数据，次周二前导入）", "weekly (Friday figures, in by the Tuesday after)"),
            "removed_on",
            4,
            keyed_history=True,
        ),
        ReportingRule(
            "volunteer_service",
            MONTHLY,
            ("每月（次月 10 日前导入）", "monthly (in by the 10th of the next month)"),
            "service_date",
            3,
            keyed_history=True,
            reported_by=("volunteer_record",),  # a records file reports its days' service
        ),
        ReportingRule(
            "suggestion",
            MONTHLY,
            ("每月（按收到日期，次月 10 日前导入）", "monthly (by date received, by the 10th)"),
            "received_on",
            3,
            record_history=True,
        ),
        ReportingRule(
            "volunteer_record",
            None,
            ("随时（计入志愿服务的每月报送）", "any time (counted in volunteer service's month)"),
        ),
        ReportingRule("population", None, ("每年", "yearly")),
        ReportingRule("community_workforce", None, ("每年", "yearly")),
        ReportingRule(
            "supervision_target", None, ("每年（省里下达）", "yearly (set by the province)")
        ),
        ReportingRule("association", None, ("有变化时", "when something changes")),
        ReportingRule("department", None, ("有变化时", "when something changes")),
        ReportingRule("milestone", None, ("有变化时", "when something happens")),
        ReportingRule("signage_status", None, ("有变化时", "when something changes")),
        ReportingRule("observation_point", None, ("有变化时", "when something changes")),
        ReportingRule(
            "key_task",
            None,
            ("有进展时（按节点截止日督办）", "when a milestone moves (checked by due date)"),
        ),
    )
}


def checked() -> list[ReportingRule]:
    """The datasets whose reporting completeness is checked, in the grid's order."""
    return [r for r in CADENCES.values() if r.cadence is not None]
