"""The sidebar and the address bar (AppTest.from_function): the view it writes, a link that
presets period and place, a link's invalid parts ignored with a notice, and a place outside a
city user's scope replaced by their own."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n import t
from tests.ui.test_filters import _sidebar_script


def _linked(params: dict[str, str], **state: object) -> AppTest:
    at = AppTest.from_function(_sidebar_script, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _picked(at: AppTest) -> str:
    return at.markdown[-1].value


def test_the_view_is_written_to_the_address_bar() -> None:
    at = _linked({})
    assert at.query_params == {"kind": "year", "period": "2024", "place": "440000"}


def test_a_link_presets_period_and_county() -> None:
    at = _linked({"kind": "month", "period": "2024-03", "place": "440103"})
    assert _picked(at) == "month 2024-03-01 county 440103 广州市荔湾区"
    assert not at.info
    assert at.query_params["period"] == "2024-03"


def test_a_week_link() -> None:
    at = _linked({"kind": "week", "period": "2024-W05"})
    assert _picked(at).startswith("week 2024-01-29 province")


def test_invalid_parts_of_a_link_are_ignored_with_a_notice() -> None:
    at = _linked({"kind": "decade", "period": "2031", "place": "123456"})
    notices = [i.value for i in at.info]
    assert t("link.invalid", "zh", what=t("link.what.kind", "zh"), value="decade") in notices
    assert t("link.invalid", "zh", what=t("link.what.period", "zh"), value="2031") in notices
    assert t("link.invalid", "zh", what=t("link.what.place", "zh"), value="123456") in notices
    assert _picked(at) == "year 2024-01-01 province 440000 广东省"


def test_a_place_outside_a_city_users_scope_shows_their_own() -> None:
    at = _linked({"place": "441900"}, scope=("440100", None))
    assert [i.value for i in at.info] == [
        t("link.out_of_scope", "zh", place="东莞市", own="广州市")
    ]
    assert _picked(at).endswith("city 440100 广州市")
