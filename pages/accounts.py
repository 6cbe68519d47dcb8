"""Account administration (admins only): list, create, disable, unlock, reset, role, scope."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import regions
from ui.account_sections import admin_sections
from ui.auth import require_role
from ui.i18n import t

engine = get_engine()
st.title(t("nav.accounts"))
admin = require_role("admin")
admin_sections(engine, admin, regions(engine))
