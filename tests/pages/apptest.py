"""Running the app under AppTest: one fresh run per scenario, sidebar choices preset."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from config import ROOT
from data_access.accounts import User

APP = str(ROOT / "app.py")
TEST_ADMIN = User("test_admin", "admin")


def run_app(page: str | None = None, *, user: User | None = TEST_ADMIN, **state: object) -> AppTest:
    """A fresh app run (optionally on a page such as "pages/overview.py") with state preset.

    `user` is the signed-in user (None: nobody, so the sign-in page shows).

    Each scenario starts a new AppTest: with st.navigation, Streamlit 1.67's AppTest does not
    rerun the entry point on a second run(), so changing a sidebar widget and rerunning
    would test a stale sidebar. Preset widget values by their keys instead (city="440100").
    """
    at = AppTest.from_file(APP, default_timeout=120)
    if user is not None:
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
