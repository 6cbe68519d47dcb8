"""Every page in a real browser: loads with no console error and no Python exception shown,
maps drawn with no network; one chart's PNG export downloads a valid PNG; the weekly page's
week picker changes the numbers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import offline_page

# (sidebar link, a map is drawn on the page)
PAGES = [
    ("总览", True),
    ("组织建设", True),
    ("志愿服务", True),
    ("行业协会商会", True),
    ("基层减负", True),
    ("人民建议征集", True),
    ("督办预警", False),
    ("数据导入", False),
    ("周度研判", False),
    ("数据说明", False),
]
LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _signed_in_page(browser: Browser, app_url: str) -> tuple[Page, list[str], list[str]]:
    """A new signed-in page that refuses and records off-machine requests and console errors."""
    return offline_page(browser, app_url, console_errors=True)


def _wait_until_idle(page: Page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000
    )


@pytest.mark.parametrize(("link", "has_map"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_cleanly_offline(
    browser: Browser, app_url: str, link: str, has_map: bool
) -> None:
    page, outside, errors = _signed_in_page(browser, app_url)
    try:
        page.get_by_role("link", name=link).first.click()
        page.get_by_role("heading", name=link).first.wait_for(timeout=90_000)
        _wait_until_idle(page)
        if has_map:
            shapes = page.locator(".js-plotly-plot path.choroplethlocation")
            shapes.first.wait_for(state="attached", timeout=60_000)
            assert shapes.count() >= 10
        assert page.locator("[data-testid=stException]").count() == 0
        assert outside == [], f"requests left the machine: {outside}"
        assert errors == []
    finally:
        page.close()


def test_chart_export_downloads_a_png(browser: Browser, app_url: str) -> None:
    page, outside, errors = _signed_in_page(browser, app_url)
    try:
        page.get_by_role("link", name="志愿服务").first.click()
        page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=90_000)
        _wait_until_idle(page)
        page.get_by_role("button", name="导出").first.click()
        button = page.get_by_role("button", name="图片 PNG").first
        button.wait_for(timeout=60_000)
        with page.expect_download(timeout=120_000) as download:
            button.click()
        path = download.value.path()
        data = open(path, "rb").read()  # noqa: PTH123
        assert data.startswith(PNG_MAGIC) and len(data) > 10_000
        assert download.value.suggested_filename.endswith(".png")
        assert outside == [] and errors == []
    finally:
        page.close()


def test_week_picker_changes_the_numbers(browser: Browser, app_url: str) -> None:
    page, outside, errors = _signed_in_page(browser, app_url)
    try:
        page.get_by_role("link", name="周度研判").first.click()
        summary = page.locator("[data-testid=stCode]").first
        summary.wait_for(timeout=90_000)
        _wait_until_idle(page)
        before = summary.inner_text()
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_text("本页在页面上选择周次").wait_for(timeout=30_000)
        assert sidebar.get_by_label("统计周期").is_disabled()  # the sidebar period is not used here
        picker = page.get_by_label("选择周次")
        shown = picker.input_value() if picker.count() else ""
        page.locator("[data-testid=stSelectbox]").filter(has_text="选择周次").click()
        options = page.get_by_role("option")
        options.nth(1).wait_for(timeout=30_000)
        options.nth(1).click()  # the week before the newest
        page.wait_for_function(
            "(old) => { const c = document.querySelector('[data-testid=stCode]');"
            " return c && c.innerText !== old; }",
            arg=before,
            timeout=90_000,
        )
        _wait_until_idle(page)
        after = summary.inner_text()
        assert after != before
        assert re.findall(r"\d[\d,.]*", after) != re.findall(r"\d[\d,.]*", before)
        assert shown == "" or picker.input_value() != shown
        assert outside == [] and errors == []
    finally:
        page.close()
