"""The overview in a real browser: map shapes drawn offline, cards shown, page switch works."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser.conftest import offline_page


def test_overview_draws_the_map_offline_and_switches_page(browser: Browser, app_url: str) -> None:
    page, outside, errors = offline_page(browser, app_url)
    page.get_by_text("已组建社会工作部门").first.wait_for(timeout=60_000)
    shapes = page.locator(".js-plotly-plot path.choroplethlocation")
    shapes.nth(20).wait_for(state="attached", timeout=30_000)
    assert shapes.count() >= 21  # every prefecture city drawn
    page.get_by_text("80,115 件").first.wait_for(timeout=30_000)
    page.get_by_role("link", name="数据说明").click()
    page.get_by_role("heading", name="数据说明").wait_for(timeout=30_000)
    page.get_by_text("指标口径").first.wait_for(timeout=30_000)
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == []
