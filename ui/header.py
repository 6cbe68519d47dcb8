"""The top of every page: title, period and place, data-as-of date and the demo badge."""

from __future__ import annotations

import streamlit as st

import i18n
from ui.filters import Filters
from ui.i18n import language, t


def page_header(title: str, filters: Filters, facts: dict[str, object]) -> None:
    """Title line with the context a reader needs to trust the numbers."""
    st.title(title)
    as_of = facts.get("data_as_of")
    line = t("period_line", period=filters.period.label(filters.language), place=filters.place_name)
    line += " · " + (t("as_of", date=str(as_of)) if as_of else t("as_of_none"))
    st.caption(line)
    if facts.get("demo"):
        note = t("badge.demo")
        if facts.get("demo_borrowed_figures"):
            note += t("badge.demo_borrowed")
        st.warning(note, icon=":material/science:")


def source_line(facts: dict[str, object]) -> str:
    """The source line printed under exported charts."""
    return i18n.source_line(bool(facts.get("demo")), language())
