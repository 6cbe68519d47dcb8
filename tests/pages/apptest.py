"""Running the app under AppTest: one fresh run per scenario, sidebar choices preset."""

from __future__ import annotations

import secrets
from functools import lru_cache

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from config import ROOT, get_settings
from data_access import accounts
from data_access.accounts import User
from data_access.engine import make_engine

APP = str(ROOT / "app.py")
TEST_ADMIN = User("test_admin", "admin")


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    """The app's database (the tests' demo SQLite file, or a test's own)."""
    return make_engine(url)


def ensure_account(user: User) -> None:
    """The stored account behind a preset session user, with its role and scope.

    app.py re-reads the signed-in account on every run (a disabled account ends at once), so
    a preset user must exist as an account.
    """
    engine = _engine(get_settings().database_url)
    listed = accounts.list_accounts(engine)
    if user.username not in set(listed["username"]):
        password = f"Aa1-{secrets.token_hex(8)}"
        accounts.create_user(engine, user.username, password, user.role, user.scope_adcode)
        return
    stored = accounts.account_state(engine, user.username)
    if stored is None:  # disabled: the test is about that
        return
    if stored.role != user.role:
        accounts.set_role(engine, user.username, user.role, by="tests")
    if stored.scope_adcode != user.scope_adcode:
        accounts.set_scope(engine, user.username, user.scope_adcode, by="tests")


def run_app(page: str | None = None, *, user: User | None = TEST_ADMIN, **state: object) -> AppTest:
    """A fresh app run (optionally on a page such as "pages/overview.py") with state preset.

    `user` is the signed-in user (None: nobody, so the sign-in page shows).

    Each scenario starts a new AppTest: with st.navigation, Streamlit 1.67's AppTest does not
    rerun the entry point on a second run(), so changing a sidebar widget and rerunning
    would test a stale sidebar. Preset widget values by their keys instead (city="440100").
    """
    at = AppTest.from_file(APP, default_timeout=120)
    if user is not None:
        ensure_account(user)
        at.session_state["auth_user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    at.run(timeout=120)
    if page is not None:
        at.switch_page(page)
        at.run(timeout=120)
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics_shown(at: AppTest) -> dict[str, str]:
    """Card label → displayed value."""
    return {m.label: m.value for m in at.metric}


def captions_shown(at: AppTest) -> str:
    """All caption text on the page."""
    return "\n".join(c.value for c in at.caption)
