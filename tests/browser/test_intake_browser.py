"""In a real browser, uploaded names like <script> show as text and run nothing."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.browser.conftest import sign_in

HOSTILE_NAME = "<img src=x onerror=alert(1)>.csv"


def test_hostile_file_shows_as_text(browser: Browser, app_url: str, tmp_path: Path) -> None:
    data = (
        "地区,服务日期,服务领域,服务时长（小时）,志愿者人数\n"
        "<script>alert(2)</script>,2024-03-01,社区服务,1,1\n"
        "越秀区,2024-03-01,<b onmouseover=alert(3)>x</b>,1,1\n"
    )
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    sign_in(page)
    page.get_by_role("link", name="数据导入").click()
    page.get_by_text("① 选择数据类别").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(
        {"name": HOSTILE_NAME, "mimeType": "text/csv", "buffer": data.encode("utf-8")}
    )
    page.get_by_text("被拒绝的行及原因").wait_for(timeout=60_000)
    page.get_by_text(f"文件：{HOSTILE_NAME}", exact=False).wait_for(timeout=10_000)
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("script:text('alert')").count() == 0
    page.wait_for_timeout(1000)
    assert dialogs == []
    page.close()
