"""Every page on a production database with places but no data: no exception, the page's
"no data" message and the header's "data as of: no data yet"."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import streamlit as st

from config import get_settings
from data_access.database import get_engine, prepare_database
from data_access.engine import make_engine
from data_access.places import holds_no_data
from i18n import t
from tests.pages.apptest import captions_shown, run_app


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
    "buildout": "bo.empty",
    "volunteer": "empty",
    "associations": "empty",
    "signage": "sg.empty.removed",
    "suggestions": "empty",
    "weekly": "empty",
    "data_notes": "empty",
    "data_intake": "intake.history_empty",
}


@pytest.mark.parametrize(("page", "message"), PAGES.items(), ids=list(PAGES))
def test_every_page_says_there_is_no_data(empty_database: str, page: str, message: str) -> None:
    at = run_app(f"pages/{page}.py")  # raises on any exception the page hit
    assert get_settings().database_url == empty_database
    assert t(message) in [i.value for i in at.info]
    assert t("as_of_none") in captions_shown(at)
    assert not at.warning  # no demo badge: nothing was loaded
    # no card shows a figure that is not there: only zeros or a dash
    figures = {m.label: m.value for m in at.metric}
    assert all(not re.search(r"[1-9]", v) for v in figures.values()), figures
