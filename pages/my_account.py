"""My account: who I am, my scope, and my own password change."""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from ui.account_sections import my_account_section
from ui.auth import require_role
from ui.i18n import t

engine = get_engine()
st.title(t("nav.my_account"))
my_account_section(engine, require_role("viewer"))
