"""A county-scoped account on the landing page: their county's figures, never a neighbour's.

Every other page with data, on SQLite and PostgreSQL: test_county_scope_pages.py (its runs go
through app.py; a run after AppTest.switch_page alone would run the page without it, see
tests/pages/apptest.py `served_navigation`).
"""

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.accounts import User
from tests.pages.apptest import captions_shown, metrics_shown, run_app

TIANHE = User("th_viewer", "viewer", "440100", "440106")


def _sidebar_counties(at: AppTest) -> list[str]:
    """The options of the sidebar's county picker."""
    return list(at.selectbox(key="county_440100").options)


def test_a_county_user_sees_exactly_what_an_admin_sees_for_that_county(
    sqlite_engine: Engine,
) -> None:
    mine = run_app(user=TIANHE)
    admin = run_app(city="440100", county_440100="440106")
    city = run_app(city="440100")
    assert "地区：广州市天河区" in captions_shown(mine)
    assert _sidebar_counties(mine) == ["天河区"]
    assert metrics_shown(mine) == metrics_shown(admin)
    assert metrics_shown(mine) != metrics_shown(city)


def test_a_county_user_asking_for_another_county_or_city_gets_their_own(
    sqlite_engine: Engine,
) -> None:
    own = metrics_shown(run_app(user=TIANHE))
    for forged in ({"county_440100": "440104"}, {"city": "440300"}):
        at = run_app(user=TIANHE, **forged)
        assert any("只能查看广州市天河区" in w.value for w in at.sidebar.warning)
        assert "地区：广州市天河区" in captions_shown(at)
        assert metrics_shown(at) == own


def test_a_county_scope_keeps_other_places_out_of_place_level_data(sqlite_engine: Engine) -> None:
    from data_access.scope import set_visible_place
    from metrics import periods
    from services.map_metrics import map_values

    set_visible_place("440100", "440106")
    try:
        counties = map_values(
            sqlite_engine, "volunteer_hours", periods.year(2024), "440000", "440100"
        )
        cities = map_values(sqlite_engine, "volunteer_hours", periods.year(2024), "440000")
    finally:
        set_visible_place(None, None)
    assert list(counties["adcode"]) == ["440106"]
    assert cities.empty


def test_the_scope_names_the_places_it_hides(sqlite_engine: Engine) -> None:
    from data_access.scope import hidden_places, set_visible_place

    asked = ["440106", "440104", "440300"]
    set_visible_place("440100", "440106")
    try:
        county = hidden_places(sqlite_engine, asked)
        set_visible_place("440100", None)
        city = hidden_places(sqlite_engine, asked)
    finally:
        set_visible_place(None, None)
    assert county == {"440104", "440300"}
    assert city == {"440300"}
    assert hidden_places(sqlite_engine, asked) == set()
