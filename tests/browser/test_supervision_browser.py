"""The 督办预警 page in a real browser: progress table and alert list drawn, red rows first."""

from __future__ import annotations

from playwright.sync_api import Browser

from config import ROOT
from tests.browser.conftest import offline_page

SHOTS = ROOT.parent / "notes" / "shots"


def test_supervision_page_shows_progress_and_alerts(browser: Browser, app_url: str) -> None:
    page, outside, errors = offline_page(browser, app_url, height=1600, console_errors=True)
    page.set_viewport_size({"width": 1440, "height": 1600})
    page.get_by_role("link", name="督办预警").first.click()
    page.get_by_role("heading", name="督办预警").first.wait_for(timeout=60_000)
    page.get_by_text("目标进度（序时进度）").first.wait_for(timeout=60_000)
    page.get_by_text("预警·督办").first.wait_for(timeout=60_000)
    tables = page.locator("[data-testid=stDataFrame]")
    tables.nth(1).wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("9 项").first.is_visible()  # red targets on the card
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "issue14_supervision_1440.png"), full_page=True)
    assert page.locator("[data-testid=stException]").count() == 0
    assert outside == [] and errors == []
