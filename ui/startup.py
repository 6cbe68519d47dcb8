"""Process-wide start-up work shared by every session."""

from __future__ import annotations

import streamlit as st

from charts import export


@st.cache_resource(show_spinner=False)
def start_export_server() -> bool:
    """Start the warm export server in the background once per process."""
    return export.warm_up(wait=False)
