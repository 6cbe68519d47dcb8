"""Every page on a production database with places but no data: no exception, the page's
"no data" message and the header's "data as of: no data yet".

Each page is opened through app.py at its address (open_link), as a browser does: the sign-in
gate, the scope and the sidebar run before the page; a signed-out visitor gets the sign-in page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from config import ROOT, get_settings
from data_access.database import get_engine, prepare_database
from data_access.engine import make_engine
from data_access.places import holds_no_data
from i18n import t
from tests.pages.apptest import captions_shown, open_link


def _reset_caches() -> None:
    get_settings.cache_clear()
    get_engine.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app pointed at a new SQLite file prepared with DEMO_ON_EMPTY=0: places, no data."""
    url = f"sqlite:///{tmp_path_factory.mktemp('empty') / 'prod.sqlite'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        mp.setenv("DEMO_ON_EMPTY", "0")
        _reset_caches()
        engine = make_engine(url)
        prepare_database(engine, get_settings())  # as the first start does
        assert holds_no_data(engine)
        engine.dispose()
        yield url
    _reset_caches()


# Each page and the key of the message it shows when nothing is loaded.
PAGES = {
    "overview": "empty",
    "buildout": "buildout.empty",
    "volunteer": "empty",
    "associations": "empty",
    "signage": "signage.empty.removed",
    "suggestions": "empty",
    "weekly": "empty",
    "data_notes": "empty",
    "data_intake": "intake.history_empty",
}
# The address of each page (app.py's url_path).
URL = {"data_intake": "data-import", "data_notes": "data-notes", "my_account": "my-account",
       "security_log": "security-log"}  # fmt: skip


def _open(page: str) -> AppTest:
    """The page at its address, through app.py, for the signed-in test admin."""
    return open_link(URL.get(page, page))  # raises on any exception the page hit


@pytest.mark.parametrize(("page", "message"), PAGES.items(), ids=list(PAGES))
def test_every_page_says_there_is_no_data(empty_database: str, page: str, message: str) -> None:
    at = _open(page)
    assert get_settings().database_url == empty_database
    assert t(message) in [i.value for i in at.info]
    assert t("as_of_none") in captions_shown(at)
    assert not at.warning  # no demo badge: nothing was loaded
    # no card shows a figure that is not there: only zeros or a dash
    figures = {m.label: m.value for m in at.metric}
    assert all(not re.search(r"[1-9]", v) for v in figures.values()), figures


def test_supervision_says_there_are_no_targets_tasks_or_reports(empty_database: str) -> None:
    """The supervision page's sections each say so: no targets, no key tasks, no reports."""
    at = _open("supervision")
    year = dt.date.today().year  # no data: the sidebar's period is this year's
    shown = [i.value for i in at.info]
    assert t("sv.empty", year=year) in shown
    assert t("kt.empty", year=year) in shown
    assert t("rp.none") in shown
    assert [s.value for s in at.success] == [t("sv.alerts.none")]
    assert t("as_of_none") in captions_shown(at)
    assert not at.warning and not at.metric


# The pages about accounts, not data: on an empty database they open with their title.
ACCOUNT_PAGES = {
    "my_account": "nav.my_account",
    "accounts": "nav.accounts",
    "security_log": "nav.security_log",
}


@pytest.mark.parametrize(("page", "title"), ACCOUNT_PAGES.items(), ids=list(ACCOUNT_PAGES))
def test_the_account_pages_open(empty_database: str, page: str, title: str) -> None:
    at = _open(page)
    assert get_settings().database_url == empty_database
    assert [x.value for x in at.title] == [t(title)]
    assert not at.warning


def test_every_page_is_covered() -> None:
    pages = {p.stem for p in (ROOT / "pages").glob("*.py")}
    assert pages == PAGES.keys() | {"supervision"} | ACCOUNT_PAGES.keys()


@pytest.mark.parametrize("page", ["overview", "supervision", "data_intake", "security_log"])
def test_a_signed_out_visitor_gets_the_sign_in_page(empty_database: str, page: str) -> None:
    at = open_link(URL.get(page, page), user=None)
    assert t("auth.title") in [x.value for x in at.title]
    assert not at.info and not at.metric
