"""The session's language (AppTest.from_function): Chinese unless chosen, English when chosen,
and Chinese again for a language the catalogue does not have."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from config import get_settings


def _language_script() -> None:
    """Print the session's language and one string in it."""
    import streamlit as st

    from ui.i18n import language, t

    st.write(f"{language()}|{t('area.volunteer')}|{t('area.volunteer', 'en')}")


@pytest.mark.parametrize(
    ("chosen", "shown"),
    [
        (None, f"{get_settings().default_language}|"),
        ("zh", "zh|志愿服务|"),
        ("en", "en|Volunteer service|"),
        ("fr", "zh|志愿服务|"),
    ],
    ids=["default", "zh", "en", "unknown"],
)
def test_language_of_the_session(chosen: str | None, shown: str) -> None:
    at = AppTest.from_function(_language_script, default_timeout=60)
    if chosen is not None:
        at.session_state["lang"] = chosen
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    line = at.markdown[0].value
    assert line.startswith(shown)
    assert line.endswith("|Volunteer service")  # an explicit language wins over the session's
