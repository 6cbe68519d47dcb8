"""In a real browser: single sign-on (统一身份认证) through st.login against a local OIDC
provider (oidc-provider-mock, started by the test on a free port). The account table decides
role and scope; an unknown identity gets a message and no data; the security log records both.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import Engine

from data_access.accounts import create_user
from data_access.engine import make_engine
from data_access.security_log import read_events
from tests.browser.conftest import _free_port, start_app

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

NAME = f"th_sso_{uuid.uuid4().hex[:4]}"
EMAIL = f"{NAME}@tianhe.gd.example.cn"
STRANGER = f"stranger_{uuid.uuid4().hex[:4]}@gd.example.cn"


@pytest.fixture(scope="module")
def sso_app(
    sqlite_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    """The provider, and the dashboard on a private copy of the demo database set up for it."""
    users = [
        oidc_provider_mock.User(sub=NAME, claims={"email": EMAIL, "email_verified": True}),
        oidc_provider_mock.User(sub="stranger", claims={"email": STRANGER, "email_verified": True}),
    ]
    folder = tmp_path_factory.mktemp("sso_app")
    with sqlite_engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(sqlite_engine.url.database, folder / "copy.sqlite")
    url = f"sqlite:///{folder / 'copy.sqlite'}"
    engine = make_engine(url)
    create_user(engine, NAME, "Unused-local-2026", "viewer", "440106", by="tests", email=EMAIL)
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as provider:
        port = _free_port()
        secrets = Path(folder / "secrets.toml")
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-long-random-test-cookie-secret"\n'
            'client_id = "dashboard"\n'
            'client_secret = "dashboard-secret"\n'
            "server_metadata_url = "
            f'"http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        env = dict(os.environ, DATABASE_URL=url)
        with start_app(env, port, ("--secrets.files", str(secrets))) as app:
            yield app, engine


def _through_provider(page: Page, url: str, subject: str) -> None:
    """Open the sign-in page, press the single sign-on button, authorise `subject` there."""
    page.goto(url)
    page.get_by_role("button", name="统一身份认证登录").click()
    page.get_by_role("button", name=subject, exact=True).click(timeout=60_000)


def _events(engine: Engine, name: str) -> list[tuple[str, str]]:
    """(event, detail) of the sign-ins of `name` in the security log."""
    df = read_events(engine, username=name, events=["sign_in", "sign_in_failed"])
    return list(zip(df["event"], df["detail"], strict=True))


def test_a_county_account_signs_in_through_the_provider_and_stays_signed_in(
    browser: Browser, sso_app: tuple[str, Engine]
) -> None:
    url, engine = sso_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _through_provider(page, url, NAME)
    page.get_by_text(f"当前用户：{NAME}").first.wait_for(timeout=60_000)
    page.get_by_text("地区：广州市天河区").first.wait_for(timeout=60_000)  # the account's scope
    page.screenshot(path=str(Path(os.environ.get("SSO_SHOTS", "/tmp")) / "sso_signed_in.png"))
    assert _events(engine, NAME) == [("sign_in", f"oidc: {EMAIL}")]
    deadline = time.time() + 20
    while not any(c["name"] == "sw_session" for c in context.cookies()) and time.time() < deadline:
        time.sleep(0.2)
    cookie = next(c for c in context.cookies() if c["name"] == "sw_session")
    assert cookie["httpOnly"]
    page.reload()  # the dashboard's own session cookie keeps it: no second sign-in
    page.get_by_text(f"当前用户：{NAME}").first.wait_for(timeout=60_000)
    assert _events(engine, NAME) == [("sign_in", f"oidc: {EMAIL}")]
    context.close()


def test_an_identity_without_an_account_gets_a_message_and_no_data(
    browser: Browser, sso_app: tuple[str, Engine]
) -> None:
    url, engine = sso_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _through_provider(page, url, "stranger")
    page.get_by_text(f"统一身份认证账号“{STRANGER}”在本系统没有对应账号").wait_for(timeout=60_000)
    page.screenshot(path=str(Path(os.environ.get("SSO_SHOTS", "/tmp")) / "sso_unknown.png"))
    assert not page.get_by_text("当前用户").count()
    assert not page.locator('[data-testid="stMetric"]').count()
    deadline = time.time() + 10
    while not _events(engine, STRANGER) and time.time() < deadline:
        time.sleep(0.2)
    assert _events(engine, STRANGER) == [("sign_in_failed", "oidc: unknown identity")]
    context.close()
