"""督办预警: every target against its time-proportional schedule, and the alerts."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t
from ui.key_task_sections import key_task_section, load_states, status_map_section
from ui.reporting_sections import load_reports, reporting_section
from ui.supervision_sections import (
    alerts_section,
    as_of_day,
    counts_section,
    load_progress,
    progress_section,
    rule_section,
)

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
places = regions(engine)
names = dict(zip(places["adcode"], places["name"], strict=True))
page_header(t("nav.supervision"), filters, facts)
as_of = as_of_day(filters, facts)
rule_section(as_of)
progressed = load_progress(engine, filters, as_of, names, since=True)
if progressed.empty:
    st.info(t("sv.empty", year=filters.period.start.year))
else:
    if facts.get("demo"):
        st.caption(t("sv.demo_note"))
    counts_section(progressed)
    progress_section(progressed, filters)
states = load_states(engine, filters, as_of)
key_task_section(states, filters, as_of, names, facts)
status_map_section(progressed, states, filters, facts, places)
reports = load_reports(engine, filters, as_of)  # once: the alerts and the grid both show them
alerts_section(engine, filters, as_of, names, progressed, reports)
reporting_section(reports, filters, as_of, names)
