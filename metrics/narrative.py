"""The written summary of a period, generated from the numbers by fixed rules (zh and en)."""

from __future__ import annotations

from dataclasses import dataclass, field

from metrics.deltas import change
from metrics.numbers import chinese_scale, full, percent, signed_percent


@dataclass(frozen=True)
class Mover:
    """A place that moved: its name and the absolute change."""

    name: str
    change: float
    is_new: bool = False


@dataclass(frozen=True)
class PeriodFacts:
    """The numbers the summary speaks of."""

    period_label: str
    place_name: str
    volunteer_hours: float
    volunteer_hours_previous: float
    suggestions_received: int
    suggestions_received_previous: int
    suggestions_concluded: int
    on_time_share: float | None
    overdue_open: int
    plaques_removed: int
    rising: list[Mover] = field(default_factory=list)
    falling: list[Mover] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)
    turned_red: list[str] = field(default_factory=list)  # places red now, not a period before


@dataclass(frozen=True)
class Summary:
    """Sentences to paste into a report, and the figures they quote, by KPI key."""

    sentences: list[str]
    figures: dict[str, float | int | None]
    language: str = "zh"

    @property
    def text(self) -> str:
        """The sentences as one paragraph."""
        return ("" if self.language == "zh" else " ").join(self.sentences)


def _trend(current: float, previous: float, lang: str) -> str:
    """'环比增长 5.0%' / 'up 5.0% on the previous period' and the like."""
    c = change(current, previous)
    if c.is_new:
        return "环比新增" if lang == "zh" else "new against the previous period"
    if c.relative is None:
        return "环比无可比数据" if lang == "zh" else "no previous figure to compare"
    if lang == "zh":
        word = "增长" if c.relative > 0 else ("下降" if c.relative < 0 else "持平")
        return f"环比{word}{percent(abs(c.relative))}" if c.relative else "环比持平"
    return f"{signed_percent(c.relative)} on the previous period"


def _mover_text(m: Mover, lang: str) -> str:
    """A mover as '广州市（+1.2万小时）'."""
    amount = chinese_scale(round(abs(m.change)), language=lang)
    sign = "+" if m.change > 0 else "−"
    if lang == "zh":
        return f"{m.name}（{sign}{amount}小时{'，新增' if m.is_new else ''}）"
    return f"{m.name} ({sign}{amount} h{', new' if m.is_new else ''})"


def period_summary(f: PeriodFacts, lang: str = "zh") -> Summary:
    """Three to five sentences a clerk can paste into the weekly report."""
    hours = chinese_scale(f.volunteer_hours, language=lang)
    on_time = percent(f.on_time_share)
    figures: dict[str, float | int | None] = {
        "volunteer_hours": round(f.volunteer_hours, 1),
        "suggestions_received": f.suggestions_received,
        "suggestions_concluded_in_period": f.suggestions_concluded,
        "suggestions_on_time_share": None if f.on_time_share is None else round(f.on_time_share, 4),
        "suggestions_overdue_open": f.overdue_open,
        "signs_removed": f.plaques_removed,
    }
    hours_trend = _trend(f.volunteer_hours, f.volunteer_hours_previous, lang)
    sugg_trend = _trend(f.suggestions_received, f.suggestions_received_previous, lang)
    if lang == "zh":
        s = [
            f"{f.period_label}，{f.place_name}志愿服务时长{hours}小时，{hours_trend}。",
            f"收到人民建议{full(f.suggestions_received)}件，{sugg_trend}；"
            f"办结{full(f.suggestions_concluded)}件，其中受理、办结均在时限内的占{on_time}；"
            f"超期未办结{full(f.overdue_open)}件。",
        ]
        if f.plaques_removed:
            s.append(f"摘除村（社区）牌子{full(f.plaques_removed)}块。")
        if f.rising or f.falling:
            parts = []
            if f.rising:
                parts.append("增长较多的是" + "、".join(_mover_text(m, lang) for m in f.rising))
            if f.falling:
                parts.append("下降较多的是" + "、".join(_mover_text(m, lang) for m in f.falling))
            s.append("志愿服务时长" + "；".join(parts) + "。")
        if f.milestones:
            s.append("本期大事：" + "；".join(f.milestones) + "。")
        if f.turned_red:
            s.append("本期新转为红灯预警的地区：" + "、".join(f.turned_red) + "。")
        return Summary(s, figures, lang)
    s = [
        f"{f.period_label}, {f.place_name}: {hours} volunteer hours, {hours_trend}.",
        f"{full(f.suggestions_received)} suggestions received, {sugg_trend}; "
        f"{full(f.suggestions_concluded)} concluded, {on_time} within both time limits; "
        f"{full(f.overdue_open)} open past their time limit.",
    ]
    if f.plaques_removed:
        s.append(f"{full(f.plaques_removed)} plaques removed from villages and communities.")
    if f.rising:
        s.append(
            "Volunteer hours rose most in "
            + ", ".join(_mover_text(m, lang) for m in f.rising)
            + "."
        )
    if f.falling:
        s.append("They fell most in " + ", ".join(_mover_text(m, lang) for m in f.falling) + ".")
    if f.milestones:
        s.append("Milestones: " + "; ".join(f.milestones) + ".")
    if f.turned_red:
        s.append("Turned red this period: " + ", ".join(f.turned_red) + ".")
    return Summary(s, figures, lang)
