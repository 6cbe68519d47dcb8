"""The shared sidebar on its own (AppTest.from_function): language, period and place pickers as
a user sees them, what they return, and a city-scoped user held to their city."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t


def _sidebar_script() -> None:
    """The sidebar for the user and facts put in the session; prints what it selected."""
    import datetime as dt

    import pandas as pd
    import streamlit as st

    from data_access.accounts import User
    from ui.filters import sidebar_filters

    regions = pd.DataFrame(
        [
            ("440000", "广东省", "province", None),
            ("440100", "广州市", "city", "440100"),
            ("440103", "荔湾区", "county", "440100"),
            ("440104", "越秀区", "county", "440100"),
            ("441900", "东莞市", "city", "441900"),
        ],
        columns=["adcode", "name", "level", "city_adcode"],
    )
    facts = {
        "first_day": dt.date(2024, 1, 1),
        "last_day": dt.date(2025, 2, 10),
        "demo": True,
        "reference_year": 2024,
    }
    user = User("someone", "viewer", *st.session_state.get("scope", (None, None)))
    f = sidebar_filters(facts, regions, user, own_period=st.session_state.get("own", False))
    st.write(f"{f.period.kind} {f.period.start} {f.place.level} {f.place.adcode} {f.place_name}")


def _sidebar(**state: object) -> AppTest:
    at = AppTest.from_function(_sidebar_script, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _picked(at: AppTest) -> str:
    return at.markdown[-1].value


def _box(at: AppTest, label_key: str, lang: str = "zh"):  # type: ignore[no-untyped-def]  # an AppTest element of any widget kind
    return next(s for s in at.sidebar.selectbox if s.label == t(label_key, lang))


def test_starts_in_chinese_on_the_province_and_the_reference_years_last_period() -> None:
    at = _sidebar()
    radio = at.sidebar.radio[0]
    assert radio.label == t("sidebar.language", "zh")
    assert radio.options == ["中文", "English"] and radio.value == "zh"
    kind = _box(at, "sidebar.period_kind")
    assert kind.options == [t(f"kind.{k}", "zh") for k in ("year", "quarter", "month", "week")]
    # demo data: the default period is the reference year's, not the latest one (2025)
    assert _box(at, "sidebar.period").value.label("zh") == "2024年"
    assert _box(at, "sidebar.city").options == ["广东省", "广州市", "东莞市"]
    assert not [s for s in at.sidebar.selectbox if s.label == t("sidebar.county", "zh")]
    assert _picked(at) == "year 2024-01-01 province 440000 广东省"


def test_month_lists_every_month_of_the_data_newest_first() -> None:
    at = _sidebar()
    _box(at, "sidebar.period_kind").set_value("month").run()
    period = _box(at, "sidebar.period")
    assert len(period.options) == 14
    assert period.options[0] == "2025年2月" and period.options[-1] == "2024年1月"
    assert period.value.label("zh") == "2024年12月"
    assert _picked(at).startswith("month 2024-12-01 province")


def test_a_city_then_one_of_its_counties() -> None:
    at = _sidebar()
    _box(at, "sidebar.city").set_value("440100").run()
    county = _box(at, "sidebar.county")
    assert county.options == [t("place.all_counties", "zh"), "荔湾区", "越秀区"]
    assert _picked(at).endswith("city 440100 广州市")
    county.set_value("440104").run()
    assert _picked(at).endswith("county 440104 广州市越秀区")


def test_a_city_without_counties_has_no_county_picker() -> None:
    at = _sidebar()
    _box(at, "sidebar.city").set_value("441900").run()
    assert not [s for s in at.sidebar.selectbox if s.label == t("sidebar.county", "zh")]
    assert _picked(at).endswith("city 441900 东莞市")


def test_english_relabels_the_pickers() -> None:
    at = _sidebar()
    at.sidebar.radio[0].set_value("en").run()
    assert at.sidebar.radio[0].label == t("sidebar.language", "en")
    assert _box(at, "sidebar.period_kind", "en").options[0] == t("kind.year", "en")
    assert _box(at, "sidebar.period", "en").value.label("en") == "2024"


def test_a_city_user_starts_in_their_city_and_may_step_up_to_the_province_only() -> None:
    at = _sidebar(scope=("440100", None))
    assert _box(at, "sidebar.city").options == ["广州市", "广东省"]
    assert _picked(at).endswith("city 440100 广州市")


@pytest.mark.parametrize("own", [True, False])
def test_a_page_with_its_own_period_greys_the_period_out(own: bool) -> None:
    at = _sidebar(own=own)
    assert _box(at, "sidebar.period").disabled is own
    captions = [c.value for c in at.sidebar.caption]
    assert (t("sidebar.period_on_page", "zh") in captions) is own
