"""Key tasks on 督办预警 in a real browser at 1,280 px: the table whole, the status map."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.browser.conftest import offline_page

SHOTS = Path("/tmp/shots-keytasks")


def test_key_tasks_and_the_status_map(browser: Browser, app_url: str) -> None:
    page, outside, errors = offline_page(browser, app_url, height=1100, console_errors=True)
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.get_by_role("link", name="督办预警").first.click()
    page.get_by_role("heading", name="重点任务").first.wait_for(timeout=60_000)
    page.get_by_text("5 项重点任务：红灯 2 项、黄灯 1 项、绿灯 2 项").first.wait_for(timeout=60_000)
    table = page.locator("[data-testid=stDataFrame]").nth(1)
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    scroller = table.locator(".dvn-scroller").first
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths  # every column shown at 1280 px
    page.get_by_role("combobox", name="按指标着色").click()
    page.get_by_role("option", name="重点任务").click()
    page.get_by_text("广东省 · 重点任务 · 督办状态地图").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    chart = page.locator("[data-testid=stPlotlyChart]").last
    chart.scroll_into_view_if_needed()
    legend = chart.locator(".legendtext").evaluate_all("els => els.map(e => e.textContent)")
    assert {"红灯（落后/逾期）", "黄灯（稍落后/临期）", "绿灯（正常）"} <= set(legend)
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "browser_status_map_1280.png"))
    assert page.locator("[data-testid=stException]").count() == 0
    assert outside == [] and errors == []
