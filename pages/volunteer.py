"""Volunteer service: hours and volunteers on the map, trend against last year, fields, ranks."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t
from ui.volunteer_sections import (
    cards_section,
    fields_section,
    map_section,
    ranking_section,
    trend_section,
)

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
places = regions(engine)
page_header(t("nav.volunteer"), filters, facts)
totals = cards_section(engine, filters, facts, places)
if totals.hours == 0:
    st.info(t("empty"))
    st.stop()
metric, city = map_section(engine, filters, facts, places)
ranking_section(engine, filters, facts, places, metric, city)
trend_section(engine, filters, facts)
fields_section(engine, filters, facts)
