"""Volunteer, associations and suggestions pages in a real browser: drawn offline, published
figures on screen, a screenshot of each page kept for review."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import offline_page

SHOTS = Path(os.environ.get("VAS_SCREENSHOT_DIR", tempfile.gettempdir())) / "vas_screens"

PAGES = [
    ("志愿服务", "志愿者人次", ["合成演示数据"], 4),
    ("行业协会商会", "党组织覆盖率", ["6,218 家", "175 家", "省级 1,100 家"], 8),
    ("人民建议征集", "按期受理率（15日）", ["80,115 件", "信访渠道 38,389 件"], 7),
]


@pytest.fixture(scope="module")
def signed_in(browser: Browser, app_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    """One signed-in page shared by the tests, refusing requests that leave the machine."""
    page, outside, errors = offline_page(browser, app_url)
    yield page, outside, errors
    page.close()


@pytest.mark.parametrize(
    ("link", "card", "figures", "charts"), PAGES, ids=["volunteer", "association", "suggestion"]
)
def test_page_draws_offline_with_its_figures(
    signed_in: tuple[Page, list[str], list[str]],
    link: str,
    card: str,
    figures: list[str],
    charts: int,
) -> None:
    page, outside, errors = signed_in
    page.get_by_role("link", name=link).first.click()
    page.get_by_text(card).first.wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").nth(charts - 1).wait_for(state="attached", timeout=60_000)
    shapes = page.locator(".js-plotly-plot path.choroplethlocation")
    shapes.nth(20).wait_for(state="attached", timeout=30_000)  # every city on the map
    for figure in figures:
        page.get_by_text(figure).first.wait_for(timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{link}.png"), full_page=True)
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == []
