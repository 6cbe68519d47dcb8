"""Page tests run the app on its default SQLite file: prepare it before any of them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine


@pytest.fixture(autouse=True)
def _app_database(sqlite_engine: Engine) -> Engine:
    """The app's demo-filled database, however the page tests are picked or ordered.

    run_app() stores the preset user's account in the app's default database, which exists
    only once the session fixture sqlite_engine has prepared it; a page test run alone (or
    first) would otherwise meet an empty file without the account tables.
    """
    return sqlite_engine
