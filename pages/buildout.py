"""Organisational buildout: departments formed by level, replay map, milestones, people, list."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.buildout_sections import (
    cards_section,
    map_section,
    milestones_section,
    people_section,
    progress_section,
    replay_day,
    table_section,
)
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
places = regions(engine)
page_header(t("nav.buildout"), filters, facts)
day = replay_day(engine, filters)
formation = cards_section(engine, filters, day, places)
if formation.is_empty:
    st.info(t("buildout.empty"))
    st.stop()
progress_section(engine, filters, facts, day, places)
map_section(engine, filters, facts, day, places)
milestones_section(engine, filters, facts)
people_section(engine, filters, facts, day, places)
table_section(engine, filters, day, places)
