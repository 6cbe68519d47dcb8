"""Account administration, the own-password change and the security log, as page sections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.export import table_csv, table_xlsx
from data_access import accounts
from data_access.accounts import ROLES, AccountError, User
from data_access.security_log import EVENTS, read_events
from data_access.sessions import live_sessions
from ui.auth import password_form, sign_out
from ui.downloads import logged
from ui.i18n import language, t

FLASH = "acc_flash"


def scope_options(regions: pd.DataFrame) -> list[str]:
    """The province, then each city followed by its counties (adcodes; "" is the province)."""
    options = [""]
    for city in regions[regions["level"] == "city"].itertuples():
        options.append(city.adcode)
        counties = regions[(regions["level"] == "county") & (regions["city_adcode"] == city.adcode)]
        options.extend(counties["adcode"].tolist())
    return options


def _scope_label(adcode: object) -> str:
    """A scope as the place name in the session's language (blank or NaN: the province)."""
    return accounts.scope_name(adcode if isinstance(adcode, str) and adcode else None, language())


def _flash(kind: str, text: str, code: str | None = None) -> None:
    """Keep a message (and a temporary password) for the run after st.rerun()."""
    st.session_state[FLASH] = (kind, text, code)


def _show_flash() -> None:
    """The message an action left, shown once."""
    flash = st.session_state.pop(FLASH, None)
    if flash is None:
        return
    kind, text, code = flash
    (st.success if kind == "ok" else st.error)(text)
    if code:
        st.code(code, language=None)


def _state(row: pd.Series) -> str:
    """An account's state in words."""
    flags = [
        ("disabled", row["disabled"]),
        ("locked", row["locked"]),
        ("must_change", row["must_change_password"]),
        ("demo", row["is_demo"]),
    ]
    words = [t(f"acc.state.{name}") for name, on in flags if on]
    return "、".join(words) if words else t("acc.state.active")


def accounts_table(engine: Engine) -> pd.DataFrame:
    """Every account with role, scope, state and last sign-in; returns the raw list."""
    st.subheader(t("acc.list"))
    df = accounts.list_accounts(engine)
    if df.empty:
        st.info(t("acc.none"))
        return df
    shown = pd.DataFrame(
        {
            t("acc.col.username"): df["username"],
            t("acc.col.role"): df["role"].map(lambda r: t(f"role.{r}")),
            t("acc.col.scope"): df["scope_adcode"].map(_scope_label),
            t("acc.col.state"): df.apply(_state, axis=1),
            t("acc.col.email"): df["email"].map(lambda v: v if isinstance(v, str) else ""),
            t("acc.col.last_login"): df["last_login_at"].map(
                lambda v: "" if v is None or pd.isna(v) else f"{v:%Y-%m-%d %H:%M}"
            ),
        }
    )
    st.dataframe(shown, hide_index=True, key="acc_table")
    return df


def create_section(engine: Engine, admin: User, regions: pd.DataFrame) -> None:
    """A form that creates an account with a temporary password shown once."""
    st.subheader(t("acc.create"))
    st.caption(t("acc.create_hint"))
    with st.form("create_account", clear_on_submit=True):
        name = st.text_input(t("acc.username"), key="acc_new_name")
        role = st.selectbox(
            t("acc.role"), ROLES, format_func=lambda r: t(f"role.{r}"), key="acc_new_role"
        )
        scope = st.selectbox(
            t("acc.scope"), scope_options(regions), format_func=_scope_label, key="acc_new_scope"
        )
        email = st.text_input(t("acc.email"), key="acc_new_email", help=t("acc.email_help"))
        submitted = st.form_submit_button(t("acc.create_submit"), type="primary")
    if not submitted:
        return
    temp = accounts.temporary_password(name)
    try:
        accounts.create_user(
            engine,
            name,
            temp,
            role,
            scope or None,
            by=admin.username,
            must_change=True,
            email=email,
        )
    except AccountError as exc:
        st.error(exc.message(language()))
        return
    _flash("ok", t("acc.created", user=name.strip()), temp)
    st.rerun()


def _act(action: Callable[[], object], text: str, code: str | None = None) -> None:
    """Run one account change; keep its outcome for the next run and rerun."""
    try:
        result = action()
    except AccountError as exc:
        _flash("error", exc.message(language()))
    else:
        _flash("ok", text, str(result) if code == "result" else None)
    st.rerun()


def manage_section(engine: Engine, admin: User, regions: pd.DataFrame, df: pd.DataFrame) -> None:
    """Disable or enable, unlock, reset the password, change role or scope of one account."""
    if df.empty:
        return
    st.subheader(t("acc.manage"))
    name = st.selectbox(t("acc.pick"), df["username"].tolist(), key="acc_pick")
    row = df[df["username"] == name].iloc[0]
    by = admin.username
    st.caption(
        t(
            "acc.me",
            user=name,
            role=t(f"role.{row['role']}"),
            scope=_scope_label(row["scope_adcode"]),
        )
        + " · "
        + _state(row)
    )
    a, b, c = st.columns(3)
    if row["disabled"]:
        if a.button(t("acc.enable"), key="acc_enable"):
            _act(
                lambda: accounts.set_disabled(engine, name, False, by=by),
                t("acc.done.enabled", user=name),
            )
    elif a.button(t("acc.disable"), key="acc_disable"):
        _act(
            lambda: accounts.set_disabled(engine, name, True, by=by),
            t("acc.done.disabled", user=name),
        )
    if b.button(t("acc.unlock"), key="acc_unlock"):
        _act(lambda: accounts.unlock(engine, name, by=by), t("acc.done.unlocked", user=name))
    if c.button(t("acc.reset"), key="acc_reset"):
        _act(
            lambda: accounts.reset_password(engine, name, by=by),
            t("acc.done.reset", user=name),
            code="result",
        )
    if st.button(t("acc.end_sessions"), key="acc_end_sessions"):
        _act(
            lambda: accounts.sign_out_everywhere(engine, name, by=by),
            t("acc.done.end_sessions", user=name),
        )
    left, right = st.columns(2)
    role = left.selectbox(
        t("acc.role"),
        ROLES,
        index=ROLES.index(row["role"]),
        format_func=lambda r: t(f"role.{r}"),
        key=f"acc_role_{name}",
    )
    if left.button(t("acc.apply_role"), key="acc_apply_role"):
        _act(
            lambda: accounts.set_role(engine, name, role, by=by),
            t("acc.done.role", user=name, role=t(f"role.{role}")),
        )
    options = scope_options(regions)
    current = row["scope_adcode"] if isinstance(row["scope_adcode"], str) else ""
    scope = right.selectbox(
        t("acc.scope"),
        options,
        index=options.index(current) if current in options else 0,
        format_func=_scope_label,
        key=f"acc_scope_{name}",
    )
    if right.button(t("acc.apply_scope"), key="acc_apply_scope"):
        _act(
            lambda: accounts.set_scope(engine, name, scope or None, by=by),
            t("acc.done.scope", user=name, scope=_scope_label(scope)),
        )
    email = st.text_input(
        t("acc.email"),
        value=row["email"] if isinstance(row["email"], str) else "",
        key=f"acc_email_{name}",
        help=t("acc.email_help"),
    )
    if st.button(t("acc.apply_email"), key="acc_apply_email"):
        _act(
            lambda: accounts.set_email(engine, name, email, by=by),
            t("acc.done.email", user=name, email=email.strip().lower() or "—"),
        )


def admin_sections(engine: Engine, admin: User, regions: pd.DataFrame) -> None:
    """The account administration page body."""
    _show_flash()
    df = accounts_table(engine)
    manage_section(engine, admin, regions, df)
    create_section(engine, admin, regions)


def my_account_section(engine: Engine, user: User) -> None:
    """Who I am, and my own password change."""
    st.caption(
        t(
            "acc.me",
            user=user.username,
            role=t(f"role.{user.role}"),
            scope=_scope_label(user.scope_adcode),
        )
    )
    st.subheader(t("auth.change_title"))
    if password_form(engine, user):
        st.success(t("acc.password_changed"))
    st.subheader(t("acc.sessions_title"))
    st.caption(t("acc.sessions_hint", n=live_sessions(engine, user.username)))
    if st.button(t("acc.sign_out_everywhere"), key="sign_out_everywhere"):
        accounts.sign_out_everywhere(engine, user.username)
        sign_out(engine)
        st.rerun()


def security_log_section(engine: Engine) -> None:
    """The security log: filter by days, kinds of event and user; export CSV/XLSX."""
    st.caption(t("seclog.caption"))
    today = dt.date.today()
    a, b, c, d = st.columns([1, 1, 2, 1])
    since = a.date_input(t("seclog.since"), today - dt.timedelta(days=30), key="log_since")
    until = b.date_input(t("seclog.until"), today, key="log_until")
    kinds = c.multiselect(
        t("seclog.events"),
        EVENTS,
        format_func=lambda e: t(f"seclog.event.{e}"),
        placeholder=t("seclog.events_all"),
        key="log_events",
    )
    who = d.text_input(t("seclog.user"), key="log_user").strip()
    events = read_events(engine, since=since, until=until, events=kinds or None, username=who)
    if events.empty:
        st.info(t("seclog.empty"))
        return
    shown = events.assign(event=events["event"].map(lambda e: t(f"seclog.event.{e}")))
    shown["at"] = shown["at"].map(lambda v: f"{v:%Y-%m-%d %H:%M:%S}")
    shown = shown.fillna("").rename(columns={col: t(f"seclog.col.{col}") for col in shown})
    st.caption(t("seclog.count", n=f"{len(shown):,}"))
    st.dataframe(shown, hide_index=True, key="log_table")
    stem = f"security_log_{since}_{until}"
    left, right = st.columns(2)
    left.download_button(
        t("seclog.csv"),
        logged(lambda: table_csv(shown), f"{stem}.csv"),
        f"{stem}.csv",
        "text/csv",
        key="log_csv",
        on_click="ignore",
    )
    sheet = t("seclog.sheet")
    right.download_button(
        t("seclog.xlsx"),
        logged(lambda: table_xlsx(shown, sheet_name=sheet, title=sheet), f"{stem}.xlsx"),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="log_xlsx",
        on_click="ignore",
    )
