"""Cards at laptop and projector widths: every headline value is shown whole."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from config import ROOT
from tests.browser.conftest import offline_page

SHOTS = ROOT.parent / "notes" / "shots"

CUT_VALUES = """
() => Array.from(document.querySelectorAll('[data-testid="stMetricValue"]'))
  .map(el => {
    const inner = el.querySelector('div') || el;
    return {
      text: el.innerText,
      cut: inner.scrollWidth > inner.clientWidth + 1 || el.scrollWidth > el.clientWidth + 1,
    };
  })
"""


@pytest.mark.parametrize("width", [1280, 1366, 1440])
def test_every_card_value_is_whole(browser: Browser, app_url: str, width: int) -> None:
    page, outside, errors = offline_page(browser, app_url)
    page.set_viewport_size({"width": width, "height": 1100})
    page.get_by_text("已组建社会工作部门").first.wait_for(timeout=60_000)
    page.get_by_text("80,115 件").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    values = page.evaluate(CUT_VALUES)
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"issue14_overview_cards_{width}.png"))
    assert len(values) >= 5
    assert [v["text"] for v in values if v["cut"]] == []
    assert any("亿" in v["text"] for v in values)  # the volunteer hours, read the Chinese way
    assert outside == [] and errors == []


def test_a_city_overview_is_whole_at_1280(browser: Browser, app_url: str) -> None:
    page, outside, errors = offline_page(browser, app_url)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.get_by_text("80,115 件").first.wait_for(timeout=60_000)
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").nth(2).click()
    page.get_by_role("option", name="广州市").click()
    page.get_by_text("地区：广州市").first.wait_for(timeout=60_000)
    page.get_by_text("全省：2024年调研").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    values = page.evaluate(CUT_VALUES)
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "issue14_overview_guangzhou_1280.png"))
    assert len(values) >= 5
    assert [v["text"] for v in values if v["cut"]] == []
    assert any(v["text"].endswith("万 小时") for v in values)  # Guangzhou's hours, 2,785万
    assert outside == [] and errors == []


@pytest.mark.parametrize(
    "link", ["组织建设", "志愿服务", "行业协会商会", "基层减负", "人民建议征集"]
)
def test_area_page_cards_are_whole_at_1280(browser: Browser, app_url: str, link: str) -> None:
    page, outside, errors = offline_page(browser, app_url)
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.get_by_role("link", name=link).first.click()
    page.get_by_role("heading", name=link).first.wait_for(timeout=60_000)
    page.locator('[data-testid="stMetricValue"]').nth(3).wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    values = page.evaluate(CUT_VALUES)
    assert len(values) >= 4
    assert [v["text"] for v in values if v["cut"]] == []
    assert outside == [] and errors == []
