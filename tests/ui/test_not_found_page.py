"""The page for an address that is no page of the app (AppTest.from_function): its title, the
address asked for, and the way back to the overview, in either language.

The link back names pages/overview.py, which only app.py's navigation knows, so st.page_link
is replaced here by a recorder; the browser test of links clicks the real one."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t


def _not_found_script() -> None:
    """The not-found page for the path put in the session."""
    import streamlit as st

    from ui.links import not_found_page

    not_found_page(st.session_state["path"])()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_names_the_address_and_links_back(lang: str) -> None:
    at = AppTest.from_function(_not_found_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["path"] = "weekly-old"
    with patch("streamlit.page_link") as page_link:
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == t("link.not_found_title", lang)
    assert [w.value for w in at.warning] == [t("link.not_found", lang, path="weekly-old")]
    assert "/weekly-old" in at.warning[0].value
    page_link.assert_called_once()
    assert page_link.call_args.args == ("pages/overview.py",)
    assert page_link.call_args.kwargs["label"] == t("link.back", lang)
