"""Links in a real browser: an unknown address gets our message; a link opens its view."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import offline_page, sign_in

SHOTS = Path("/work/notes/shots")


@pytest.fixture(scope="module", autouse=True)
def first_visit(browser: Browser, app_url: str) -> None:
    """One visit first: a server's very first run emulates the pages/ folder's navigation."""
    page = browser.new_page()
    page.goto(app_url)
    page.get_by_label("用户名").wait_for(timeout=60_000)
    page.close()


def test_unknown_page_shows_chinese_message_with_way_back(browser: Browser, app_url: str) -> None:
    page, outside, errors = offline_page(browser, f"{app_url}/no-such-page", signed_in=False)
    sign_in(page)  # a new browser session starts signed out
    page.get_by_text("/no-such-page”不是驾驶舱的页面").first.wait_for(timeout=60_000)
    assert page.get_by_text("Page not found").count() == 0  # Streamlit's own dialog
    page.screenshot(path=str(SHOTS / "links_not_found.png"))
    page.get_by_role("link", name="返回总览").click()
    page.get_by_role("heading", name="总览").first.wait_for(timeout=60_000)
    assert not errors and not outside
    page.close()


def test_signed_out_link_opens_its_view_after_sign_in(browser: Browser, app_url: str) -> None:
    link = f"{app_url}/volunteer?kind=year&period=2024&place=440100&metric=volunteers"
    page, outside, errors = offline_page(browser, link, signed_in=False)
    assert page.get_by_text("Page not found").count() == 0
    sign_in(page)
    page.get_by_text("广州市 · 志愿者人次").first.wait_for(timeout=60_000)
    assert "/volunteer" in page.url and "place=440100" in page.url
    page.get_by_text("2024年").first.wait_for(timeout=10_000)
    assert "Session State API" not in page.inner_text("body")  # no Streamlit widget warning
    page.screenshot(path=str(SHOTS / "links_volunteer_after_sign_in.png"))
    assert not errors and not outside
    page.close()
