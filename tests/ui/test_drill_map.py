"""The map's drill-down picker on its own (AppTest.from_function): the cities offered, a map
click choosing one, a city user held to their city, and no picker below the province."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from data_access.accounts import User
from i18n import t


def _drill_script() -> None:
    """The drill picker for the place and user in the session; prints the city it returns."""
    import pandas as pd
    import streamlit as st

    from data_access.aggregate import Place
    from metrics import periods
    from ui.drill_map import drill_city
    from ui.filters import Filters

    regions = pd.DataFrame(
        [
            ("440000", "广东省", "province", None),
            ("440100", "广州市", "city", "440100"),
            ("440103", "荔湾区", "county", "440100"),
            ("440300", "深圳市", "city", "440300"),
            ("441900", "东莞市", "city", "441900"),
        ],
        columns=["adcode", "name", "level", "city_adcode"],
    )
    adcode, level = st.session_state.get("place", ("440000", "province"))
    filters = Filters(periods.year(2024), Place(adcode, level), "", "zh")
    st.write(f"city={drill_city('volunteer', filters, regions)}")


def _drill(**state: object) -> AppTest:
    at = AppTest.from_function(_drill_script, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_province_offers_every_city_after_all_cities() -> None:
    at = _drill()
    box = at.selectbox[0]
    assert box.label == t("map.drill", "zh")
    assert box.options == [t("place.all_cities", "zh"), "广州市", "深圳市", "东莞市"]
    assert at.markdown[-1].value == "city=None"
    box.set_value("440300").run()
    assert at.markdown[-1].value == "city=440300"


def test_a_click_on_a_city_of_the_map_drills_into_it() -> None:
    at = _drill(volunteer_map_click="441900")
    assert at.selectbox[0].value == "441900"
    assert at.markdown[-1].value == "city=441900"


def test_a_click_outside_the_cities_is_ignored() -> None:
    at = _drill(volunteer_map_click="999999")
    assert at.markdown[-1].value == "city=None"


def test_a_city_user_can_drill_into_their_own_city_only() -> None:
    at = _drill(auth_user=User("gz", "viewer", "440100"))
    assert at.selectbox[0].options == [t("place.all_cities", "zh"), "广州市"]


def test_below_the_province_the_map_shows_the_places_city_without_a_picker() -> None:
    at = _drill(place=("440103", "county"))
    assert not at.selectbox
    assert at.markdown[-1].value == "city=440100"
