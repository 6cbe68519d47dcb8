"""Single sign-on (统一身份认证) through st.login, under AppTest (st.user seeded by the test):
the button when [auth] is set, the account table decides role and scope, unknown identities
and disabled accounts get no data, and the security log records each attempt (method oidc).

The real login flow against a local OIDC provider: tests/browser/test_sso_browser.py.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access import accounts
from data_access.accounts import User
from data_access.security_log import read_events
from tests.pages.apptest import APP, captions_shown, served_navigation

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "dashboard",
    "client_secret": "dashboard-secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}
PASSWORD = "Sso-account-2026"


def _open(user: dict[str, Any], secrets: dict[str, Any] | None = None) -> AppTest:
    """The app in a new tab whose browser is (or is not) signed in with the provider."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets = {"auth": AUTH} if secrets is None else secrets
    at.user = user
    with served_navigation():
        at.run(timeout=120)
    assert not at.exception, [e.message for e in at.exception]
    return at


def _events(engine: Engine, name: str) -> list[tuple[str, str]]:
    """(event, detail) of the log entries about `name`, oldest first."""
    df = read_events(engine, username=name)
    return [(e, d) for e, d in zip(df["event"], df["detail"], strict=True)][::-1]


def test_the_sign_in_page_offers_single_sign_on_only_when_it_is_set(sqlite_engine: Engine) -> None:
    offered = _open({"is_logged_in": False})
    assert "统一身份认证登录" in [b.label for b in offered.button]
    assert [t.value for t in offered.title] == ["登录"] and not offered.metric
    plain = _open({}, secrets={})
    assert "统一身份认证登录" not in [b.label for b in plain.button]


def test_an_identity_signs_in_as_the_account_with_its_email(sqlite_engine: Engine) -> None:
    name = f"sso_{uuid.uuid4().hex[:6]}"
    email = f"{name}@gd.example.cn"
    accounts.create_user(
        sqlite_engine, name, PASSWORD, "viewer", "440106", by="tests", email=email.upper()
    )
    at = _open({"is_logged_in": True, "sub": "x1", "email": email, "email_verified": True})
    assert at.session_state["auth_user"] == User(name, "viewer", "440100", "440106")
    assert "地区：广州市天河区" in captions_shown(at) and at.metric  # their county's figures
    assert ("sign_in", f"oidc: {email}") in _events(sqlite_engine, name)


def test_the_user_name_claim_finds_an_account_and_no_password_change_is_asked(
    sqlite_engine: Engine,
) -> None:
    name = f"sso_{uuid.uuid4().hex[:6]}"
    accounts.create_user(sqlite_engine, name, PASSWORD, "editor", "440100", must_change=True)
    at = _open({"is_logged_in": True, "sub": "x2", "preferred_username": name})
    assert at.session_state["auth_user"] == User(name, "editor", "440100", None)
    assert "修改密码" not in [t.value for t in at.title] and at.metric


def test_an_unknown_identity_gets_a_message_and_no_data(sqlite_engine: Engine) -> None:
    who = f"nobody_{uuid.uuid4().hex[:6]}@gd.example.cn"
    at = _open({"is_logged_in": True, "sub": "x3", "email": who, "email_verified": True})
    assert "auth_user" not in at.session_state and not at.metric
    assert any(f"统一身份认证账号“{who}”在本系统没有对应账号" in e.value for e in at.error)
    assert _events(sqlite_engine, who) == [("sign_in_failed", "oidc: unknown identity")]


def test_an_unverified_email_finds_no_account(sqlite_engine: Engine) -> None:
    name = f"sso_{uuid.uuid4().hex[:6]}"
    email = f"{name}@gd.example.cn"
    accounts.create_user(sqlite_engine, name, PASSWORD, "admin", email=email)
    at = _open({"is_logged_in": True, "sub": "x4", "email": email, "email_verified": False})
    assert "auth_user" not in at.session_state and not at.metric


def test_a_disabled_account_is_refused(sqlite_engine: Engine) -> None:
    name = f"sso_{uuid.uuid4().hex[:6]}"
    accounts.create_user(sqlite_engine, name, PASSWORD, "viewer")
    accounts.set_disabled(sqlite_engine, name, True, by="tests")
    at = _open({"is_logged_in": True, "sub": "x5", "preferred_username": name})
    assert "auth_user" not in at.session_state and not at.metric
    assert any("已停用" in e.value for e in at.error)
    assert _events(sqlite_engine, name)[-1] == ("sign_in_failed", f"oidc: {name}: disabled")
