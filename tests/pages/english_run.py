"""Run a page in English under AppTest.

run_app runs the overview first and then switches page; on the switch AppTest re-reads the
overview's selectbox through its format_func outside a script run, where the session's
language is not visible and the default (Chinese) applies, so the English label is not
found. Making English the default for the duration of the run avoids that.
"""

from __future__ import annotations

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

import ui.i18n
from config import get_settings
from tests.pages.apptest import run_app


def run_app_in_english(page: str, **state: object) -> AppTest:
    """run_app(page, lang="en", …) with English as the default language meanwhile."""
    english = dataclasses.replace(get_settings(), default_language="en")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ui.i18n, "get_settings", lambda: english)
        return run_app(page, lang="en", **state)
