"""The sign-in gate, idle expiry, roles and city scope of the signed-in user."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st
from sqlalchemy import Engine

from config import get_settings
from data_access.accounts import DEMO_ACCOUNTS, User, sign_in
from data_access.scope import set_visible_city
from ui.i18n import t

SESSION_KEY = "auth_user"
SEEN_KEY = "auth_last_seen"


def current_user() -> User | None:
    """The signed-in user of this session, if any."""
    return st.session_state.get(SESSION_KEY)


def sign_out() -> None:
    """Forget the signed-in user."""
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(SEEN_KEY, None)


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
                "角色 / role": t(f"role.{role}") + (f" · {city}" if city else ""),
            }
            for name, pw, role, city in DEMO_ACCOUNTS
        ]
        st.dataframe(rows, hide_index=True)


def _sign_in_form(engine: Engine, demo: bool) -> None:
    """The sign-in form; on success stores the user and reruns."""
    st.title(t("auth.title"))
    settings = get_settings()
    with st.form("sign_in", clear_on_submit=False):
        username = st.text_input(t("auth.username"), key="sign_in_username")
        password = st.text_input(t("auth.password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        result = sign_in(
            engine,
            username,
            password,
            attempts=settings.lockout_attempts,
            lock_minutes=settings.lockout_minutes,
        )
        if result.user is not None:
            st.session_state[SESSION_KEY] = result.user
            st.session_state[SEEN_KEY] = time.time()
            st.rerun()
        elif result.reason == "locked":
            until = result.locked_until or dt.datetime.now()
            st.error(t("auth.locked", until=until.strftime("%Y-%m-%d %H:%M")))
        else:
            time.sleep(1.0)  # slow down guessing
            st.error(t("auth.wrong"))
    if demo:
        _demo_accounts()


def signed_in_user() -> User | None:
    """The signed-in user, after idle expiry; sets the city scope for this run."""
    user = current_user()
    if user is not None and _expired():
        sign_out()
        st.session_state["auth_expired_notice"] = True
        user = None
    if user is None:
        set_visible_city(None)
        return None
    st.session_state[SEEN_KEY] = time.time()
    set_visible_city(user.city_adcode)
    return user


def sign_in_page(engine: Engine, demo: bool):  # type: ignore[no-untyped-def]
    """A page callable that draws the sign-in form."""

    def page() -> None:
        if st.session_state.pop("auth_expired_notice", False):
            st.info(t("auth.expired"))
        _sign_in_form(engine, demo)

    return page


def account_sidebar(user: User) -> None:
    """Who is signed in, their scope, and a sign-out button."""
    st.sidebar.divider()
    st.sidebar.caption(t("auth.signed_in_as", user=user.username, role=t(f"role.{user.role}")))
    if st.sidebar.button(t("auth.sign_out"), key="sign_out"):
        sign_out()
        st.rerun()


def require_role(role: str) -> User:
    """Stop the page with a clear message unless the user has at least `role`."""
    user = current_user()
    if user is None or not user.can(role):
        have = t(f"role.{user.role}") if user else "—"
        st.error(t("auth.need_role", role=have, need=t(f"role.{role}")))
        st.stop()
    return user  # type: ignore[return-value]
