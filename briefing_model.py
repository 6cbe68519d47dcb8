"""What a briefing pack prints: cards, charts with their key numbers, summary and sources."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go


@dataclass(frozen=True)
class BriefingChart:
    """One chart of the pack with its title, unit and the numbers quoted beside it."""

    title: str
    unit: str
    figure: go.Figure
    key_numbers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Card:
    """One KPI of the cards page."""

    label: str
    value: str
    note: str


@dataclass(frozen=True)
class AlertsSection:
    """The 督办预警 page of the pack: counts, places behind schedule, overdue milestones."""

    title: str
    lines: list[str]
    table_title: str
    header: list[str]
    rows: list[list[str]]
    more: str = ""  # how many overdue milestones the table leaves out
    task_title: str = ""
    task_header: list[str] = field(default_factory=list)
    task_rows: list[list[str]] = field(default_factory=list)  # task, status, milestones done


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing pack prints, already in the reader's language."""

    language: str
    department: str
    title: str
    period_label: str
    place_name: str
    as_of: str
    generated: str
    demo: bool
    cards: list[Card]
    charts: list[BriefingChart]
    summary: list[str]
    definitions: list[str]
    source: str
    alerts: AlertsSection | None = None
