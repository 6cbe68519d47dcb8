"""Overview for leadership: five KPI cards, the province map and headline trends."""

from __future__ import annotations

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t
from ui.overview_sections import kpi_section, map_section, trends_section

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
page_header(t("nav.overview"), filters, facts)
kpi_section(engine, filters)
map_section(engine, filters, facts, regions(engine))
trends_section(engine, filters, facts)
