"""Running the app under AppTest: one fresh run per scenario, sidebar choices preset."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from unittest.mock import patch

from sqlalchemy import Engine
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

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


def _preset(user: User | None, state: dict[str, object]) -> AppTest:
    """A new AppTest of app.py with the signed-in user (an existing account) and state preset."""
    at = AppTest.from_file(APP, default_timeout=120)
    if user is not None:
        ensure_account(user)
        at.session_state["auth_user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at


def run_app(page: str | None = None, *, user: User | None = TEST_ADMIN, **state: object) -> AppTest:
    """A fresh app run (optionally on a page such as "pages/overview.py") with state preset.

    `user` is the signed-in user (None: nobody, so the sign-in page shows).

    Each scenario starts a new AppTest: with st.navigation, Streamlit 1.67's AppTest does not
    rerun the entry point on a second run(), so changing a sidebar widget and rerunning
    would test a stale sidebar. Preset widget values by their keys instead (city="440100").
    """
    at = _preset(user, state)
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


@contextmanager
def served_navigation() -> Iterator[None]:
    """Script runs as the served app makes them: app.py always runs and its st.navigation picks
    the page.

    AppTest resets `PagesManager.uses_pages_directory` before each run and, because a pages/
    folder sits beside app.py, Streamlit then takes this for a v1 multipage app: a run after
    switch_page() executes the page file alone, without the entry point (no sign-in gate, no
    scope, no sidebar). In the server the flag turns False at the first st.navigation call and
    stays so; this keeps it False.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        PagesManager.uses_pages_directory = False
        original(self, *args, **kwargs)

    with patch.object(PagesManager, "__init__", init):
        yield


def open_link(
    url_path: str,
    *,
    user: User | None = TEST_ADMIN,
    query: dict[str, str] | None = None,
    **state: object,
) -> AppTest:
    """One run of app.py as a browser opening /<url_path>?<query>: the entry point signs the
    user in, sets their scope and sidebar, and its st.navigation opens the page.

    The page is asked for by its id (the hash of its url path), as a browser's page switch
    does; AppTest has no public way to name it on a first run, hence the private attribute.
    """
    at = _preset(user, state)
    at.query_params.update(query or {})
    at._page_hash = calc_hash(url_path)  # noqa: SLF001 - see the docstring
    with served_navigation():
        at.run(timeout=120)
    assert not at.exception, [e.message for e in at.exception]
    return at
