"""In a real browser: a sign-in survives a reload and a new tab through an HttpOnly cookie that
no URL shows; sign-out in one tab ends the other; a disabled account's open tab is refused."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import Engine

from data_access.accounts import create_user, set_disabled
from data_access.engine import make_engine
from tests.browser.conftest import sign_in, start_app

PORT = int(os.environ.get("SESSION_TEST_PORT", "0")) or None  # a fixed port when asked
PASSWORD = "Tab-session-2026"


@pytest.fixture(scope="module")
def own_app(
    sqlite_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    """The dashboard on a private copy of the demo database (these tests disable accounts)."""
    folder = tmp_path_factory.mktemp("sessions_app")
    with sqlite_engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(sqlite_engine.url.database, folder / "copy.sqlite")
    url = f"sqlite:///{folder / 'copy.sqlite'}"
    with start_app(dict(os.environ, DATABASE_URL=url), PORT) as app:
        yield app, make_engine(url)


def _account(engine: Engine) -> str:
    """A new editor of the whole province with a password that need not be changed."""
    name = f"tab_{uuid.uuid4().hex[:6]}"
    create_user(engine, name, PASSWORD, "editor", by="test_admin")
    return name


def _session_cookie(context: BrowserContext) -> dict:
    """The session cookie once the page has set it (it is set just after the sign-in)."""
    deadline = time.time() + 20
    while time.time() < deadline:
        found = [c for c in context.cookies() if c["name"] == "sw_session"]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("no session cookie")


def _signed_out(page: Page) -> None:
    """Wait for the sign-in form."""
    page.get_by_role("button", name="登录", exact=True).wait_for(timeout=60_000)


def _signed_in(page: Page) -> None:
    """Wait for the dashboard's signed-in sidebar."""
    page.get_by_text("当前用户").first.wait_for(timeout=60_000)


def test_a_sign_in_survives_reload_and_new_tab_and_ends_in_both_on_sign_out(
    browser: Browser, own_app: tuple[str, Engine]
) -> None:
    url, engine = own_app
    name = _account(engine)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    urls: list[str] = []
    posted: list[str] = []
    context.on("request", lambda r: (urls.append(r.url), posted.append(r.post_data or "")))
    first = context.new_page()
    first.goto(f"{url}/volunteer?kind=year&period=2024&place=440100")
    sign_in(first, name, PASSWORD)
    cookie = _session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] in ("Lax", "Strict")
    first.get_by_role("heading", name="志愿服务").first.wait_for(timeout=60_000)  # the link
    first.reload()
    _signed_in(first)
    assert first.get_by_role("heading", name="志愿服务").first.is_visible()
    assert "place=440100" in first.url
    second = context.new_page()
    second.goto(f"{url}/buildout")
    _signed_in(second)
    assert second.get_by_text(f"当前用户：{name}").first.is_visible()
    token = cookie["value"]
    codes = [p for p in posted if '"code"' in p]
    assert codes, "the one-time code travels in a POST body"
    assert not [u for u in urls if token in u or any(c[10:40] in u for c in codes)]
    first.get_by_role("button", name="退出登录").click()
    _signed_out(first)
    deadline = time.time() + 20
    while any(c["name"] == "sw_session" for c in context.cookies()) and time.time() < deadline:
        time.sleep(0.2)
    assert not any(c["name"] == "sw_session" for c in context.cookies())
    second.get_by_role("link", name="志愿服务").click()  # the other tab's next interaction
    _signed_out(second)
    assert second.get_by_text("登录会话已在别处结束").first.is_visible()
    second.reload()
    _signed_out(second)
    context.close()


def test_a_disabled_account_is_refused_in_its_open_tab(
    browser: Browser, own_app: tuple[str, Engine]
) -> None:
    url, engine = own_app
    name = _account(engine)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    sign_in(page, name, PASSWORD)
    _session_cookie(context)
    page.reload()
    _signed_in(page)
    set_disabled(engine, name, True, by="test_admin")
    page.get_by_role("link", name="组织建设").click()
    _signed_out(page)
    assert page.get_by_text("此账号已停用").first.is_visible()
    page.reload()  # the cookie no longer signs anybody in
    _signed_out(page)
    context.close()


def test_the_first_request_after_a_start_gets_the_gate_and_overview_by_name_opens(
    browser: Browser, sqlite_engine: Engine, tmp_path: Path
) -> None:
    # Streamlit runs pages/<name>.py itself (no gate) until st.navigation was first called.
    with sqlite_engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(sqlite_engine.url.database, tmp_path / "first.sqlite")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'first.sqlite'}")
    with start_app(env, PORT + 1 if PORT else None) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(f"{url}/data-notes")  # the very first request of this server
        _signed_out(page)
        body = page.locator("body").inner_text()
        assert "Page not found" not in body and "error" not in body.lower()
        sign_in(page)
        page.get_by_role("heading", name="数据说明").first.wait_for(timeout=60_000)
        page.goto(f"{url}/overview?kind=year&period=2024&place=440100")  # typed by hand
        page.get_by_text("地区：广州市").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        assert "Page not found" not in page.locator("body").inner_text()
        assert page.get_by_role("heading", name="总览").first.is_visible()
        context.close()
