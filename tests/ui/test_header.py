"""The page header on its own (AppTest.from_function): the period and place line, the
data-as-of date or "no data yet", and the demo badge only on demo data, in either language."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t


def _header_script() -> None:
    """The header drawn from the facts and language put in the session."""
    import streamlit as st

    from data_access.aggregate import Place
    from metrics import periods
    from ui.filters import Filters
    from ui.header import page_header

    lang = st.session_state["lang"]
    filters = Filters(periods.month(2024, 3), Place("440100", "city"), "广州市", lang)
    page_header("总览", filters, st.session_state["facts"])


def _header(lang: str = "zh", **facts: object) -> AppTest:
    at = AppTest.from_function(_header_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["facts"] = {"demo": False, "demo_borrowed_figures": False, **facts}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_real_data_shows_its_date_and_no_badge() -> None:
    at = _header(data_as_of=dt.date(2024, 3, 28))
    assert at.title[0].value == "总览"
    line = at.caption[0].value
    assert "广州市" in line and "2024年3月" in line
    assert t("as_of", "zh", date="2024-03-28") in line
    assert not at.warning


def test_no_data_says_so_instead_of_a_date() -> None:
    at = _header(data_as_of=None)
    assert at.caption[0].value.endswith(t("as_of_none", "zh"))
    assert "数据截至：暂无数据" in at.caption[0].value


@pytest.mark.parametrize(
    ("borrowed", "expected"),
    [
        (False, t("badge.demo", "zh")),
        (True, t("badge.demo", "zh") + t("badge.demo_borrowed", "zh")),
    ],
    ids=["guangdong", "another-province"],
)
def test_demo_data_carries_the_badge(borrowed: bool, expected: str) -> None:
    at = _header(data_as_of=dt.date(2024, 12, 31), demo=True, demo_borrowed_figures=borrowed)
    assert [w.value for w in at.warning] == [expected]


def test_english_header() -> None:
    at = _header("en", data_as_of=None, demo=True)
    assert at.caption[0].value.endswith("Data as of: no data yet")
    assert at.warning[0].value.startswith("Demo data:")
