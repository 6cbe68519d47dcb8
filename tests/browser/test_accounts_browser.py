"""In a real browser: an admin creates a county editor, who must change the password, imports
only their county's rows, sees only their county; a disabled account is refused at once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page
from sqlalchemy import Engine

from data_access.accounts import set_disabled
from data_access.engine import make_engine
from data_access.security_log import read_events
from tests.browser.conftest import sign_in, start_app

SHOTS = os.environ.get("ACCOUNT_SCREENSHOT_DIR")  # set it to keep screenshots for review
EDITOR = "th_editor_b"


@pytest.fixture(scope="module")
def own_app(
    sqlite_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    """The dashboard on a private copy of the demo database (this test writes accounts)."""
    folder = tmp_path_factory.mktemp("accounts_app")
    with sqlite_engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(sqlite_engine.url.database, folder / "copy.sqlite")
    url = f"sqlite:///{folder / 'copy.sqlite'}"
    with start_app(dict(os.environ, DATABASE_URL=url)) as app:
        yield app, make_engine(url)


def _shot(page: Page, name: str) -> None:
    """Keep a screenshot for review (when ACCOUNT_SCREENSHOT_DIR is set)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"accounts_{name}.png"), full_page=True)


def _choose(page: Page, within: Locator, label: str, text: str) -> None:
    """Pick an option of the selectbox with this label by typing part of it."""
    within.locator("[data-testid=stSelectbox]").filter(has_text=label).first.click()
    page.keyboard.type(text)
    page.get_by_role("option", name=text).first.click()


def test_admin_creates_a_county_editor_who_sees_and_imports_only_their_county(
    browser: Browser, own_app: tuple[str, Engine]
) -> None:
    url, engine = own_app
    page = browser.new_page(viewport={"width": 1500, "height": 2200})
    page.goto(url)
    sign_in(page)
    page.get_by_role("link", name="账号管理").click()
    page.get_by_text("新建账号").first.wait_for(timeout=60_000)
    form = page.locator("[data-testid=stForm]")
    form.get_by_label("用户名").fill(EDITOR)
    _choose(page, form, "角色", "编辑")
    _choose(page, form, "权限范围", "广州市天河区")
    form.get_by_role("button", name="创建账号").click()
    page.get_by_text(f"账号“{EDITOR}”已创建").wait_for(timeout=60_000)
    temp = page.locator("[data-testid=stCode] code").first.inner_text().strip()
    _shot(page, "created")
    page.get_by_role("button", name="退出登录").click()

    page.get_by_role("heading", name="登录").wait_for(timeout=60_000)
    page.get_by_text("当前用户").wait_for(state="detached", timeout=60_000)
    page.get_by_label("用户名").fill(EDITOR)
    page.get_by_label("密码").fill(temp)
    page.get_by_role("button", name="登录", exact=True).click()
    try:
        page.get_by_text("请先设置新密码").wait_for(timeout=60_000)
    finally:
        _shot(page, "must_change")
    _shot(page, "must_change")
    page.get_by_label("当前密码").fill(temp)
    page.get_by_label("新密码", exact=True).fill("Tianhe-new-2026")
    page.get_by_label("再次输入新密码").fill("Tianhe-new-2026")
    page.get_by_role("button", name="修改密码").click()
    page.get_by_text("权限范围：广州市天河区").wait_for(timeout=60_000)

    page.get_by_role("link", name="志愿服务").first.click()
    page.get_by_role("heading", name="志愿服务").first.wait_for(timeout=60_000)
    page.get_by_text("地区：广州市天河区", exact=False).first.wait_for(timeout=60_000)
    _shot(page, "county_volunteer")

    page.get_by_role("link", name="数据导入").click()
    page.get_by_text("① 选择数据类别").wait_for(timeout=60_000)
    data = (
        "地区,服务日期,服务领域,服务时长（小时）,志愿者人数\n"
        "天河区,2024-03-01,社区服务,5,1\n"
        "越秀区,2024-03-01,社区服务,5,1\n"
    )
    page.locator("input[type=file]").set_input_files(
        {"name": "天河区3月.csv", "mimeType": "text/csv", "buffer": data.encode("utf-8")}
    )
    page.get_by_text("被拒绝的行及原因").wait_for(timeout=60_000)
    page.get_by_text("权限范围", exact=False).first.wait_for(timeout=10_000)
    page.locator("[data-testid=stCheckbox]").filter(has_text="只导入通过检查的行").click()
    page.get_by_role("button", name="导入 1 行").click()
    page.get_by_text("导入完成", exact=False).first.wait_for(timeout=60_000)
    _shot(page, "county_import")
    log = read_events(engine, username=EDITOR)
    assert list(log["event"])[:3] == ["import", "password_changed", "sign_in"]
    assert "accepted 1, rejected 1" in log["detail"].iloc[0]

    set_disabled(engine, EDITOR, True, by="demo_admin")  # while the editor is signed in
    page.get_by_role("link", name="志愿服务").first.click()
    page.get_by_text("此账号已停用").wait_for(timeout=60_000)
    page.get_by_text("当前用户").wait_for(state="detached", timeout=60_000)  # signed out
    page.get_by_role("heading", name="登录").wait_for(timeout=10_000)
    page.close()
    again = browser.new_page()
    again.goto(url)
    again.get_by_label("用户名").fill(EDITOR)
    again.get_by_label("密码").fill("Tianhe-new-2026")
    again.get_by_role("button", name="登录", exact=True).click()
    again.get_by_text("此账号已停用").wait_for(timeout=60_000)
    again.close()
