"""The sign-in gate, sessions (cookie, idle expiry, revocation), password change, roles, scope."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

import streamlit as st
from sqlalchemy import Engine

from config import get_settings
from data_access.accounts import (
    DEMO_ACCOUNTS,
    AccountError,
    Identity,
    User,
    account_state,
    change_password,
    identity_username,
    scope_name,
    sign_in,
    sign_in_identity,
)
from data_access.database import first_start_running, wait_for_first_start
from data_access.scope import set_visible_place
from data_access.security_log import log_event
from data_access.sessions import end_session, session_by_id, session_by_token, start_session
from ui.i18n import language, t
from ui.session_cookie import cookie_token, drop_cookie_later, send_pending, set_cookie_later

SESSION_KEY = "auth_user"
SEEN_KEY = "auth_last_seen"
SID_KEY = "auth_session"  # the id of this tab's row in the session table
METHOD_KEY = "auth_method"  # "oidc" when this tab signed in through single sign-on
SSO_REFUSED_KEY = "auth_sso_refused"  # (reason, who) of an identity refused in this tab
SSO_SETTINGS = ("redirect_uri", "cookie_secret", "client_id", "client_secret")


def sso_configured() -> bool:
    """True when secrets hold an [auth] section for st.login (single sign-on, 统一身份认证)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False
    if not isinstance(section, Mapping):
        return False
    return all(section.get(k) for k in SSO_SETTINGS) and bool(section.get("server_metadata_url"))


def sso_identity() -> Identity | None:
    """Who the browser is signed in as with the single sign-on provider (st.user), if anyone."""
    if not sso_configured():
        return None
    try:
        info = st.user.to_dict()
    except Exception:  # noqa: BLE001 - no session context
        return None
    if not info.get("is_logged_in"):
        return None
    verified = info.get("email_verified")

    def text(key: str) -> str | None:
        value = info.get(key)
        return str(value) if value not in (None, "") else None

    return Identity(
        subject=text("sub") or text("email") or "?",
        username=text("preferred_username"),
        email=text("email"),
        email_verified=None if verified is None else verified in (True, "true", "True"),
    )


def current_user() -> User | None:
    """The signed-in user of this session, if any."""
    return st.session_state.get(SESSION_KEY)


def client_address() -> str | None:
    """The browser's address as Streamlit sees it (None under AppTest)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context
        return None
    return address if isinstance(address, str) else None  # AppTest gives a mock


def sign_out(engine: Engine | None = None, reason: str = "sign_out") -> None:
    """Forget the signed-in user; with an engine, end the session row, log it, drop the cookie."""
    user = st.session_state.pop(SESSION_KEY, None)
    sid = st.session_state.pop(SID_KEY, None)
    st.session_state.pop(SEEN_KEY, None)
    if st.session_state.pop(METHOD_KEY, None) == "oidc":
        st.logout()  # else the provider's identity would sign this browser in again at once
    if engine is None:
        return
    if sid is not None:
        end_session(engine, sid, reason)
        if reason in ("sign_out", "expired"):  # a session ended elsewhere keeps the cookie
            drop_cookie_later(sid)
    if user is not None and reason == "sign_out":
        log_event(engine, "sign_out", user.username, target=user.username, address=client_address())


def _signed_in(engine: Engine, user: User) -> None:
    """Start a session for a user who just signed in: this tab, and the browser's cookie."""
    idle = get_settings().session_idle_minutes
    sid, code = start_session(engine, user.username, idle, client_address())
    st.session_state[SESSION_KEY] = user
    st.session_state[SID_KEY] = sid
    st.session_state[SEEN_KEY] = time.time()
    set_cookie_later(code)


def _restore(engine: Engine) -> None:
    """Sign this tab in from the browser's cookie (a refresh, a new tab) when it is live."""
    token = cookie_token()
    if token is None:
        return
    session = session_by_token(engine, token, get_settings().session_idle_minutes)
    if session is None:
        return
    user = account_state(engine, session.username)
    if user is None:  # disabled or gone: the session ends with the account
        end_session(engine, session.id, "account_disabled")
        return
    st.session_state[SESSION_KEY] = user
    st.session_state[SID_KEY] = session.id
    st.session_state[SEEN_KEY] = time.time()
    identity = sso_identity()
    if identity is not None and identity_username(engine, identity) == user.username:
        st.session_state[METHOD_KEY] = "oidc"


def _sso_sign_in(engine: Engine) -> None:
    """Sign this tab in as the account of the browser's single sign-on identity, once."""
    identity = sso_identity()
    if identity is None or SSO_REFUSED_KEY in st.session_state:
        return  # a refused identity is told so on the sign-in page, and not logged again
    result = sign_in_identity(engine, identity, client_address())
    if result.user is None:
        st.session_state[SSO_REFUSED_KEY] = (result.reason, identity.describe())
        return
    _signed_in(engine, result.user)
    st.session_state[METHOD_KEY] = "oidc"


def _sso_section() -> None:
    """The single sign-on button, or why the provider's identity was refused."""
    refused = st.session_state.get(SSO_REFUSED_KEY)
    if refused is not None and sso_identity() is not None:
        reason, who = refused
        st.error(t("auth.sso_disabled" if reason == "disabled" else "auth.sso_unknown", who=who))
        if st.button(t("auth.sso_switch"), key="sso_logout"):
            st.session_state.pop(SSO_REFUSED_KEY, None)
            st.logout()
    elif st.button(t("auth.sso_button"), key="sso_login", type="primary", icon=":material/badge:"):
        st.login()
    st.caption(t("auth.sso_or"))


def _session_end(engine: Engine) -> str | None:
    """Why this tab's session row no longer holds: "expired" (idle, shared by its tabs) or
    "ended" (elsewhere: sign-out, password, role, scope); None while live or without a row
    (a test harness's sign-in)."""
    sid = st.session_state.get(SID_KEY)
    if sid is None or session_by_id(engine, sid, get_settings().session_idle_minutes):
        return None
    return "expired" if end_session(engine, sid, "expired") else "ended"


def _expired() -> bool:
    """True when the session has been idle longer than allowed."""
    seen = st.session_state.get(SEEN_KEY)
    idle = get_settings().session_idle_minutes * 60
    return seen is not None and time.time() - seen > idle


def _demo_accounts() -> None:
    """The demo credentials, on the sign-in page of the demo only."""
    with st.expander(t("auth.demo_title"), expanded=True):
        st.caption(t("auth.demo_hint"))
        rows = [
            {
                t("auth.username"): name,
                t("auth.password"): pw,
                "角色 / role": t(f"role.{role}") + (f" · {scope_name(city)}" if city else ""),
            }
            for name, pw, role, city in DEMO_ACCOUNTS
        ]
        st.dataframe(rows, hide_index=True)


def _sign_in_form(engine: Engine, demo: bool) -> None:
    """The sign-in form; on success stores the user and reruns."""
    st.title(t("auth.title"))
    settings = get_settings()
    if sso_configured():
        _sso_section()
    with st.form("sign_in", clear_on_submit=False):
        username = st.text_input(t("auth.username"), key="sign_in_username")
        password = st.text_input(t("auth.password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        with st.spinner(t("auth.preparing")):
            wait_for_first_start(engine)  # a first start's demo accounts arrive with its data
        result = sign_in(
            engine,
            username,
            password,
            attempts=settings.lockout_attempts,
            lock_minutes=settings.lockout_minutes,
            address=client_address(),
        )
        if result.user is not None:
            _signed_in(engine, result.user)
            st.rerun()
        elif result.reason == "disabled":
            st.error(t("auth.disabled"))
        elif result.reason == "locked":
            until = result.locked_until or dt.datetime.now()
            st.error(t("auth.locked", until=until.strftime("%Y-%m-%d %H:%M")))
        else:
            time.sleep(1.0)  # slow down guessing
            st.error(t("auth.wrong"))
    if first_start_running(engine):
        st.info(t("auth.first_start"))
    if demo or first_start_running(engine):
        _demo_accounts()


def signed_in_user(engine: Engine | None = None) -> User | None:
    """The signed-in user, after idle expiry and revocation; sets the scope for this run.

    A tab without a user is signed in from the browser's session cookie when that is live.
    """
    if engine is not None and current_user() is None:
        _restore(engine)
    if engine is not None and current_user() is None:
        _sso_sign_in(engine)
    user = current_user()
    if user is not None and engine is not None:
        # The account as stored now: a disabled account ends at once, role/scope changes apply.
        fresh = account_state(engine, user.username)
        ended = None if fresh is None else _session_end(engine)
        if ended is None and SID_KEY not in st.session_state and _expired():
            ended = "expired"  # a tab without a session row times out on its own
        if fresh is None:
            sign_out(engine, "account_disabled")
            st.session_state["auth_disabled_notice"] = True
        elif ended is not None:
            sign_out(engine, ended)
            if ended == "expired":
                log_event(engine, "expired", user.username, target=user.username)
            st.session_state[f"auth_{ended}_notice"] = True
            fresh = None
        elif st.session_state.get(METHOD_KEY) == "oidc" and fresh.must_change_password:
            fresh = replace(fresh, must_change_password=False)  # the provider keeps the password
            st.session_state[SESSION_KEY] = fresh
        elif fresh != user:
            st.session_state[SESSION_KEY] = fresh
        user = fresh
    send_pending()
    if user is None:
        set_visible_place(None, None)
        return None
    st.session_state[SEEN_KEY] = time.time()
    set_visible_place(user.city_adcode, user.county_adcode)
    return user


def sign_in_page(engine: Engine, demo: bool) -> Callable[[], None]:
    """A page callable that draws the sign-in form."""

    def page() -> None:
        if st.session_state.pop("auth_expired_notice", False):
            st.info(t("auth.expired"))
        if st.session_state.pop("auth_disabled_notice", False):
            st.error(t("auth.disabled"))
        if st.session_state.pop("auth_ended_notice", False):
            st.info(t("auth.session_ended"))
        _sign_in_form(engine, demo)

    return page


def password_form(engine: Engine, user: User) -> bool:
    """The own-password change form; True once the password was changed."""
    st.caption(t("auth.policy"))
    with st.form("change_password", clear_on_submit=True):
        old = st.text_input(t("auth.old_password"), type="password", key="pw_old")
        new = st.text_input(t("auth.new_password"), type="password", key="pw_new")
        again = st.text_input(t("auth.new_password_again"), type="password", key="pw_again")
        submitted = st.form_submit_button(t("auth.change_submit"), type="primary")
    if not submitted:
        return False
    if new != again:
        st.error(t("auth.passwords_differ"))
        return False
    try:
        change_password(engine, user.username, old, new, keep_session=st.session_state.get(SID_KEY))
    except AccountError as exc:
        st.error(exc.message(language()))
        return False
    st.session_state[SESSION_KEY] = replace(user, must_change_password=False)
    return True


def change_password_page(engine: Engine) -> Callable[[], None]:
    """A page callable: the forced password change after a reset or on expiry."""

    def page() -> None:
        st.title(t("auth.change_title"))
        st.warning(t("auth.change_required"))
        user = current_user()  # the gate opens only for a signed-in user
        if user is not None and password_form(engine, user):
            st.rerun()
        if st.button(t("auth.sign_out"), key="sign_out_forced"):
            sign_out(engine)
            st.rerun()

    return page


def account_sidebar(engine: Engine, user: User) -> None:
    """Who is signed in, their scope, and a sign-out button."""
    st.sidebar.divider()
    st.sidebar.caption(t("auth.signed_in_as", user=user.username, role=t(f"role.{user.role}")))
    if user.scope_adcode:
        st.sidebar.caption(t("auth.scope", city=scope_name(user.scope_adcode, language())))
    if st.sidebar.button(t("auth.sign_out"), key="sign_out"):
        sign_out(engine)
        st.rerun()


def require_role(role: str) -> User:
    """Stop the page with a clear message unless the user has at least `role`."""
    user = current_user()
    if user is None or not user.can(role):
        have = t(f"role.{user.role}") if user else "—"
        st.error(t("auth.need_role", role=have, need=t(f"role.{role}")))
        st.stop()
    return user
