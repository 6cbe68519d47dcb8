"""Associations and chambers of commerce: stock by level, industry and place, coverage, survey."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.association_sections import (
    breakdown_section,
    cards_section,
    coverage_section,
    map_section,
    registrations_section,
    survey_section,
)
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
places = regions(engine)
page_header(t("nav.associations"), filters, facts)
totals = cards_section(engine, filters, facts, places)
if totals.total == 0:
    st.info(t("empty"))
    st.stop()
map_section(engine, filters, facts, places)
breakdown_section(engine, filters, facts)
coverage_section(engine, filters, facts, places)
registrations_section(engine, filters, facts)
survey_section(engine, filters, facts)
