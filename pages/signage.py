"""Burden reduction: plaques removed, kinds before → after, map with observation points."""

from __future__ import annotations

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t
from ui.signage_sections import (
    before_after_section,
    cards_section,
    laggards_section,
    map_section,
    point_section,
    trend_section,
)

engine = get_engine()
filters = current_filters()
facts = dataset_facts(engine)
places = regions(engine)
page_header(t("nav.signage"), filters, facts)
totals = cards_section(engine, filters)
before_after_section(engine, filters, facts, totals)
trend_section(engine, filters, facts)
points = map_section(engine, filters, facts, places)
point_section(points)
laggards_section(engine, filters, totals, places)
