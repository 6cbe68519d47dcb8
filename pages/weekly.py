"""Weekly review: a week against last week and last year, movers, overdue, summary, briefing."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from data_access.places import holds_no_data
from services.weekly import review_period
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import language, t
from ui.weekly_sections import (
    alerts_section,
    areas_section,
    briefing_section,
    milestones_section,
    movers_section,
    overdue_section,
    summary_section,
    week_picker,
)

engine = get_engine()
facts = dataset_facts(engine)
top = st.container()  # the header goes above the picker, but needs the picked week
week, present = week_picker(facts)
filters = replace(current_filters(), period=week)
with top:
    page_header(t("weekly.title"), filters, facts)
    if holds_no_data(engine):
        st.info(t("empty"))
places = regions(engine)
names = dict(zip(places["adcode"], places["name"], strict=True))
review = review_period(engine, week, filters.place, filters.place_name, names, language())
summary_section(review)
areas_section(review, filters)
movers_section(review)
overdue_section(review, filters, facts)
alerts_section(review)
milestones_section(review)
if not present:
    briefing_section(engine, review, names)
