"""Overview for leadership: five KPI cards, the 预警 line, the province map and trends."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from data_access.places import holds_no_data
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t
from ui.overview_sections import kpi_section, map_section, trends_section
from ui.supervision_sections import overview_line

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
page_header(t("nav.overview"), filters, facts)
if holds_no_data(engine):
    st.info(t("empty"))
kpi_section(engine, filters)
places = regions(engine)
overview_line(engine, filters, facts, dict(zip(places["adcode"], places["name"], strict=True)))
map_section(engine, filters, facts, places)
trends_section(engine, filters, facts)
