"""Citizens' suggestions: channels and categories, handling funnel, timeliness, backlog, map."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t
from ui.suggestion_sections import (
    backlog_section,
    breakdown_section,
    cards_section,
    funnel_section,
    handling_data,
    map_section,
    timeliness_section,
)

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
page_header(t("nav.suggestions"), filters, facts)
handling = handling_data(engine, filters, facts)
if handling.received == 0 and int(handling.backlog_bands["open"].sum()) == 0:
    st.info(t("empty"))
    st.stop()
cards_section(handling, filters)
breakdown_section(engine, filters, facts)
funnel_section(handling, filters, facts)
timeliness_section(handling, filters, facts)
backlog_section(handling, filters, facts)
map_section(engine, filters, facts, regions(engine))
