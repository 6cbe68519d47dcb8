"""KPI cards: the figure, its change on the previous period and on last year, notes."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from metrics.deltas import Change
from metrics.numbers import signed_percent
from ui.i18n import t


@dataclass(frozen=True)
class KpiCard:
    """What one card shows."""

    key: str
    area: str
    label: str
    value: str
    full_value: str
    previous: Change | None = None
    last_year: Change | None = None
    notes: list[str] = field(default_factory=list)
    help: str | None = None


def _delta_text(c: Change | None) -> str | None:
    """A change as the card prints it."""
    if c is None or c.base is None:
        return None
    if c.is_new:
        return t("delta.new")
    if c.relative is None:
        return t("delta.none")
    return signed_percent(c.relative)


# Wide enough for the longest headline value ("41.24万 块", "80,115 件") at the metric's own size;
# cards wrap onto a second row instead of cutting the value at 1,280-1,440 px.
CARD_WIDTH = 250


def kpi_card(card: KpiCard, width: int | None = None) -> None:
    """Draw one card in a bordered box (a fixed width when it sits in a wrapping row)."""
    with st.container(border=True, key=f"card_{card.key}", width=width or "stretch"):
        st.markdown(f"**{card.area}**")
        prev = _delta_text(card.previous)
        yoy = _delta_text(card.last_year)
        one_comparison = prev is not None and card.previous == card.last_year  # a year's figure
        st.metric(
            card.label,
            card.value,
            delta=prev,
            delta_description=t("delta.yoy" if one_comparison else "delta.prev") if prev else None,
            help=(card.help + "\n\n" if card.help else "")
            + t("full_figure", value=card.full_value),
        )
        if yoy is not None and not one_comparison:
            st.caption(f"{t('delta.yoy')} {yoy}")
        for note in card.notes:
            st.caption(note)


def card_grid(cards: list[KpiCard], key: str) -> None:
    """Cards in a row that wraps when the screen is too narrow to show every value whole."""
    with st.container(horizontal=True, wrap=True, gap="small", key=key):
        for card in cards:
            kpi_card(card, width=CARD_WIDTH)
