"""The security log (admins only): read, filter, export; never editable here."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from ui.account_sections import security_log_section
from ui.auth import require_role
from ui.i18n import t

engine = get_engine()
st.title(t("nav.security_log"))
require_role("admin")
security_log_section(engine)
