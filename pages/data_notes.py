"""Data notes: what data is loaded, how each figure is defined, and the load history."""

from __future__ import annotations

from data_access.database import get_engine
from data_access.meta import dataset_facts
from ui.auth import current_user
from ui.data_notes import dataset_section, definitions_section, imports_section
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t

engine = get_engine()
facts = dataset_facts(engine)
page_header(t("nav.data_notes"), current_filters(), facts)
dataset_section(facts)
definitions_section()
user = current_user()
imports_section(engine, user.scope_adcode if user else None)
