"""Data import: choose a dataset, download its template, upload, check, commit, undo."""

from __future__ import annotations

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.auth import require_role
from ui.filters import current_filters
from ui.header import page_header
from ui.i18n import t
from ui.intake_sections import (
    commit_section,
    dataset_section,
    history_section,
    preview_section,
    upload_section,
)

engine = get_engine()
page_header(t("intake.nav"), current_filters(), dataset_facts(engine))
user = require_role("editor")
spec = dataset_section()
scope = user.scope_adcode
prepared = upload_section(engine, spec, scope)
if prepared is not None:
    places = regions(engine)
    preview_section(prepared, dict(zip(places["adcode"], places["name"], strict=True)))
    commit_section(engine, prepared, user.username)
history_section(engine, spec, user.username, user.can("admin"), scope)
