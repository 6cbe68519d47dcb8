"""Process-wide start-up work shared by every session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from charts import export


@st.cache_resource(show_spinner=False)
def start_export_server() -> bool:
    """Start the warm export server in the background once per process."""
    return export.warm_up(wait=False)


@asynccontextmanager
async def server_start(_app: object) -> AsyncIterator[None]:
    """The web server's start: every script run routes through app.py's st.navigation.

    Streamlit treats an app with a pages/ folder as an old-style multipage app until the
    first st.navigation call, so the first request after a start ran pages/<name>.py itself,
    without the sign-in gate (and showed its English "Page not found" for other paths).
    """
    PagesManager.uses_pages_directory = False
    yield
