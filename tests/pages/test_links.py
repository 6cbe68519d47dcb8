"""The view in the URL, read through app.py: period, place and their checks against the scope."""

from __future__ import annotations

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.accounts import User
from services.area_maps import VOLUNTEER_MAP
from tests.pages.apptest import APP, TEST_ADMIN, ensure_account

SZ_VIEWER = User("links_sz_viewer", "viewer", "440300")


def open_link(user: User, **params: str) -> AppTest:
    """A fresh app run as `user` with these query parameters in the address."""
    ensure_account(user)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["auth_user"] = user
    for key, value in params.items():
        at.query_params[key] = value
    at.run(timeout=120)
    assert not at.exception, [e.message for e in at.exception]
    return at


def notices(at: AppTest) -> str:
    """All st.info text on the page."""
    return "\n".join(i.value for i in at.info)


def test_link_sets_period_and_place_and_url_keeps_them(sqlite_engine: Engine) -> None:
    at = open_link(TEST_ADMIN, kind="quarter", period="2024-Q2", place="440106")
    assert at.selectbox(key="period_kind").value == "quarter"
    assert at.selectbox(key="period_quarter").value.label("zh") == "2024年第2季度"
    assert at.selectbox(key="city").value == "440100"
    assert at.selectbox(key="county_440100").value == "440106"
    assert "天河区" in "\n".join(c.value for c in at.caption)  # the page header's place
    assert at.query_params["period"] == "2024-Q2"
    assert at.query_params["place"] == "440106"


def test_invalid_values_are_ignored_with_a_notice(sqlite_engine: Engine) -> None:
    at = open_link(TEST_ADMIN, kind="decade", period="1999", place="999999")
    shown = notices(at)
    assert "周期类型“decade”无效" in shown
    assert "周期“1999”无效" in shown
    assert "地区“999999”无效" in shown
    assert at.selectbox(key="period_kind").value == "year"
    assert at.selectbox(key="city").value == "440000"
    assert at.query_params["place"] == "440000"  # the URL now names what is shown


def test_place_outside_the_scope_shows_own_place_with_notice(sqlite_engine: Engine) -> None:
    at = open_link(SZ_VIEWER, place="440106")
    assert "链接中的地区（天河区）不在您的账号范围内，显示的是深圳市" in notices(at)
    assert at.selectbox(key="city").value == "440300"
    assert at.query_params["place"] == "440300"


def test_no_session_token_or_user_in_the_url(sqlite_engine: Engine) -> None:
    at = open_link(TEST_ADMIN, place="440100")
    assert set(at.query_params) <= {"kind", "period", "place", "metric"}


def test_a_linked_map_figure_is_chosen_and_an_unknown_one_gets_a_notice(
    sqlite_engine: Engine,
) -> None:
    from tests.pages.apptest import open_link as open_page  # app.py opens the linked page

    chosen = open_page("volunteer", query={"place": "440100", "metric": "volunteers"})
    picker = next(s for s in chosen.selectbox if s.key and s.key.endswith("_metric"))
    assert picker.value == "volunteers"
    assert "地图指标" not in notices(chosen)
    assert chosen.query_params["metric"] == "volunteers"
    bogus = open_page("volunteer", query={"place": "440100", "metric": "bogus"})
    assert "链接中的地图指标“bogus”无效，已忽略。" in notices(bogus)
    picker = next(s for s in bogus.selectbox if s.key and s.key.endswith("_metric"))
    assert picker.value == (VOLUNTEER_MAP.default or VOLUNTEER_MAP.keys[0])  # the usual figure
    assert bogus.query_params.get("metric") != "bogus"  # the URL names what is shown
