"""In a real browser: taking a table's CSV writes a "download" event to the security log (who,
which file, how big), the file being what the button offered."""

from __future__ import annotations

import datetime as dt
import time

from playwright.sync_api import Browser
from sqlalchemy import Engine

from data_access.security_log import read_events
from tests.browser.conftest import offline_page


def test_a_table_csv_download_is_in_the_security_log(
    browser: Browser, app_url: str, sqlite_engine: Engine
) -> None:
    page, outside, errors = offline_page(browser, f"{app_url}/buildout")
    try:
        button = page.get_by_role("button", name="数据 CSV").first
        button.wait_for(timeout=90_000)
        started = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
        with page.expect_download(timeout=120_000) as download:
            button.click()
        name = download.value.suggested_filename
        data = open(download.value.path(), "rb").read()  # noqa: PTH123
        assert name.endswith(".csv") and len(data) > 100
        deadline, taken = time.time() + 20, None
        while taken is None and time.time() < deadline:
            events = read_events(sqlite_engine, events=["download"], username="demo_admin")
            fresh = events[(events["target"] == name) & (events["at"] >= started)]
            taken = None if fresh.empty else fresh.iloc[0]
            time.sleep(0.3)
        assert taken is not None, f"no download event for {name}"
        assert taken["detail"] == f"{len(data):,} bytes"
        assert outside == [] and errors == []
    finally:
        page.close()
