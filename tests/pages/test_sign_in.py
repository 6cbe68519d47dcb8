"""Sign-in: the gate, demo credentials, wrong passwords, lockout, roles and city scope."""

import datetime as dt

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.accounts import User
from tests.pages.apptest import APP, captions_shown, metrics_shown, run_app


def _sign_in(username: str, password: str) -> AppTest:
    """Open the app signed out, fill the form and submit it."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click()
    at.run()
    return at


def test_signed_out_visitors_see_only_the_sign_in_page(sqlite_engine: Engine) -> None:
    at = run_app(user=None)
    assert [t.value for t in at.title] == ["登录"]
    assert not at.metric  # no figures before signing in
    demo = at.dataframe[0].value
    assert "demo_admin" in demo.to_string() and "demo-admin-2024" in demo.to_string()


def test_wrong_password_is_refused(sqlite_engine: Engine) -> None:
    at = _sign_in("demo_viewer", "not-the-password")
    assert any("用户名或密码错误" in e.value for e in at.error)
    assert "auth_user" not in at.session_state


def test_right_password_signs_in(sqlite_engine: Engine) -> None:
    at = _sign_in("demo_viewer", "demo-viewer-2024")
    assert at.session_state["auth_user"] == User("demo_viewer", "viewer", None)


def test_city_scoped_user_asking_for_another_city_gets_their_own(sqlite_engine: Engine) -> None:
    at = run_app(user=User("gz_viewer", "viewer", "440100"), city="440300")
    assert any("只能查看广州市" in w.value for w in at.sidebar.warning)
    assert "地区：广州市" in captions_shown(at)
    assert metrics_shown(at)["已组建社会工作部门"] == "12 个"


def test_city_scoped_user_sees_no_other_city_on_the_map_data(sqlite_engine: Engine) -> None:
    from data_access.scope import set_visible_city
    from metrics import periods
    from services.map_metrics import map_values

    set_visible_city("440100")
    try:
        values = map_values(sqlite_engine, "volunteer_hours", periods.year(2024), "440000")
    finally:
        set_visible_city(None)
    assert list(values["adcode"]) == ["440100"]


@pytest.mark.parametrize("lang", ["en"])
def test_sign_in_page_in_english(sqlite_engine: Engine, lang: str) -> None:
    at = run_app(user=None, lang=lang)
    assert [t.value for t in at.title] == ["Sign in"]


def test_the_demo_city_account_shows_its_city_by_name(sqlite_engine: Engine) -> None:
    demo = run_app(user=None).dataframe[0].value.to_string()
    assert "查看 · 广州市" in demo and "440100" not in demo


def test_a_reset_password_must_be_changed_before_any_page(sqlite_engine: Engine) -> None:
    import uuid

    from data_access.accounts import create_user, reset_password
    from data_access.security_log import read_events

    name = f"th_{uuid.uuid4().hex[:8]}"
    create_user(sqlite_engine, name, "First-pass-1", "editor", "440106", by="test_admin")
    temp = reset_password(sqlite_engine, name, by="test_admin")
    at = _sign_in(name, temp)
    assert [t.value for t in at.title] == ["修改密码"]
    assert not at.metric  # no figures until the password is changed
    at.text_input(key="pw_old").input(temp)
    at.text_input(key="pw_new").input("weakpassword")
    at.text_input(key="pw_again").input("weakpassword")
    at.button[0].click()
    at.run()
    assert any("至少三类" in e.value for e in at.error)
    at.text_input(key="pw_old").input(temp)
    at.text_input(key="pw_new").input("Second-pass-2")
    at.text_input(key="pw_again").input("Second-pass-2")
    at.button[0].click()
    at.run()
    assert at.session_state["auth_user"] == User(name, "editor", "440100", "440106")
    assert "权限范围：广州市天河区" in "\n".join(c.value for c in at.sidebar.caption)
    events = read_events(sqlite_engine, username=name)
    assert list(events["event"])[:3] == ["password_changed", "sign_in", "password_reset"]


def test_a_disabled_account_is_refused(sqlite_engine: Engine) -> None:
    import uuid

    from data_access.accounts import create_user, set_disabled

    name = f"off_{uuid.uuid4().hex[:8]}"
    create_user(sqlite_engine, name, "First-pass-1", "viewer", by="test_admin")
    set_disabled(sqlite_engine, name, True, by="test_admin")
    at = _sign_in(name, "First-pass-1")
    assert any("此账号已停用" in e.value for e in at.error)
    assert "auth_user" not in at.session_state


def test_a_session_of_a_disabled_account_ends_on_its_next_run(sqlite_engine: Engine) -> None:
    import uuid

    from data_access.accounts import create_user, set_disabled

    name = f"live_{uuid.uuid4().hex[:8]}"
    create_user(sqlite_engine, name, "First-pass-1", "editor", by="test_admin")
    assert metrics_shown(run_app(user=User(name, "editor")))  # signed in, figures shown
    set_disabled(sqlite_engine, name, True, by="test_admin")
    at = run_app(user=User(name, "editor"))  # the same session value, the next run of app.py
    assert [t.value for t in at.title] == ["登录"]
    assert any("此账号已停用" in e.value for e in at.error)
    assert not at.metric and "auth_user" not in at.session_state


def test_a_sign_in_starts_a_server_side_session(sqlite_engine: Engine) -> None:
    from data_access.sessions import live_sessions, session_by_id

    at = _sign_in("demo_viewer", "demo-viewer-2024")
    sid = at.session_state["auth_session"]
    assert session_by_id(sqlite_engine, sid, 30).username == "demo_viewer"
    assert live_sessions(sqlite_engine, "demo_viewer") >= 1


def test_a_session_ended_elsewhere_ends_this_tab_on_its_next_run(sqlite_engine: Engine) -> None:
    import uuid

    from data_access.accounts import create_user, sign_out_everywhere
    from data_access.sessions import start_session

    name = f"tab_{uuid.uuid4().hex[:8]}"
    create_user(sqlite_engine, name, "First-pass-1", "viewer", by="test_admin")
    sid, _ = start_session(sqlite_engine, name, 30)
    assert metrics_shown(run_app(user=User(name, "viewer"), auth_session=sid))
    sign_out_everywhere(sqlite_engine, name)  # e.g. from another browser
    at = run_app(user=User(name, "viewer"), auth_session=sid)  # this tab's next run
    assert [t.value for t in at.title] == ["登录"]
    assert any("登录会话已在别处结束" in i.value for i in at.info)
    assert not at.metric and "auth_user" not in at.session_state


def test_an_idle_session_signs_out_every_tab_with_a_notice(sqlite_engine: Engine) -> None:
    import time
    import uuid

    from sqlalchemy import update

    from data_access.accounts import create_user
    from data_access.models import UserSession
    from data_access.security_log import read_events
    from data_access.sessions import start_session

    name = f"idle_{uuid.uuid4().hex[:8]}"
    create_user(sqlite_engine, name, "First-pass-1", "viewer", by="test_admin")
    sid, _ = start_session(sqlite_engine, name, 30)
    long_ago = time.time() - 3 * 3600  # this tab idle, another tab of the session active
    assert metrics_shown(
        run_app(user=User(name, "viewer"), auth_session=sid, auth_last_seen=long_ago)
    )
    with sqlite_engine.begin() as conn:  # the whole session idle longer than allowed
        conn.execute(
            update(UserSession)
            .where(UserSession.id == sid)
            .values(expires_at=dt.datetime(2000, 1, 1))
        )
    at = run_app(user=User(name, "viewer"), auth_session=sid)
    assert [t.value for t in at.title] == ["登录"]
    assert any("长时间未操作" in i.value for i in at.info)
    run_app(user=User(name, "viewer"), auth_session=sid)  # a second tab of it: logged once
    assert list(read_events(sqlite_engine, username=name, events=["expired"])["event"]) == [
        "expired"
    ]


def test_a_tab_without_a_session_row_still_times_out(sqlite_engine: Engine) -> None:
    import time

    at = run_app(user=User("demo_viewer", "viewer"), auth_last_seen=time.time() - 3 * 3600)
    assert [t.value for t in at.title] == ["登录"]
    assert any("长时间未操作" in i.value for i in at.info)
