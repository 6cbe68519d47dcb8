"""The app through Streamlit's AppTest: no exception, the published numbers on the cards."""

import datetime as dt

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import captions_shown, metrics_shown, run_app


def _app(**state: object) -> AppTest:
    """A fresh app run with sidebar choices preset."""
    return run_app(**state)


@pytest.fixture
def app(sqlite_engine: Engine) -> AppTest:
    """The app on the demo SQLite file, default filters (2024, whole province)."""
    return _app()


_metrics = metrics_shown
_captions = captions_shown


def test_overview_cards_show_the_published_figures(app: AppTest) -> None:
    cards = _metrics(app)
    assert cards["已组建社会工作部门"] == "143 个"
    assert cards["收到人民建议"] == "80,115 件"
    assert cards["摘除村（社区）牌子"] == "41.24万 块"
    assert int(cards["行业协会商会总数"].split(" ")[0].replace(",", "")) >= 6000
    text = _captions(app)
    for figure in (
        "市级 21/21",
        "县级 122/122",
        "2024-01-18",
        "2024-07-31",
        "17.6",
        "38,389",
        "41,726",
        "其中省级 1,100",
        "走访 175",
        "问卷 300",
        "394",
        "140→21",
        "27→7",
        "内部标识 15",
    ):
        assert figure in text, figure


def test_demo_badge_and_data_as_of_are_shown(app: AppTest) -> None:
    assert any("演示数据" in w.value for w in app.warning)
    assert "数据截至 2025-12-31" in _captions(app)


def test_english_switch_changes_every_label(sqlite_engine: Engine) -> None:
    app = _app(lang="en")
    assert app.sidebar.selectbox(key="period_kind").label == "Period"
    cards = _metrics(app)
    assert cards["Suggestions received"] == "80,115 items"
    assert "Petition channel 38,389" in _captions(app)


def test_choosing_a_city_narrows_the_cards(sqlite_engine: Engine) -> None:
    app = _app(city="440100")
    cards = _metrics(app)
    assert cards["已组建社会工作部门"] == "12 个"  # the city department and 11 districts
    assert "地区：广州市" in _captions(app)
    notes = _captions(app).splitlines()
    survey = next(n for n in notes if "调研" in n)
    catalogue = next(n for n in notes if "村级挂牌" in n)
    assert survey.startswith("全省：") and "走访 175" in survey  # not Guangzhou's own survey
    assert catalogue.startswith("全省：") and "140→21" in catalogue


def test_province_figures_under_the_province_say_nothing_extra(app: AppTest) -> None:
    assert not any(n.startswith("全省：") for n in _captions(app).splitlines())


def test_choosing_a_county_shows_the_county(sqlite_engine: Engine) -> None:
    app = _app(city="440100", county_440100="440103")
    assert "地区：广州市荔湾区" in _captions(app)
    assert _metrics(app)["已组建社会工作部门"] == "1 个"


def test_a_quarter_compares_with_the_previous_quarter(sqlite_engine: Engine) -> None:
    app = _app(period_kind="quarter")
    assert "2024年第4季度" in _captions(app)


def test_data_notes_page_renders(sqlite_engine: Engine) -> None:
    app = run_app("pages/data_notes.py")
    assert any("数据说明" in t.value for t in app.title)
    assert len(app.dataframe) == 1


def test_overview_says_how_many_targets_are_red_and_suggestions_overdue(
    app: AppTest, sqlite_engine: Engine
) -> None:
    from data_access.aggregate import Place
    from data_access.handling_status import overdue_open

    line = next(m.value for m in app.markdown if "预警：" in m.value)
    assert "9 项目标红灯、18 项黄灯（截至 2024-12-31）" in line
    overdue = int(line.split("超时限未受理或未办结的建议 ")[1].split(" 件")[0].replace(",", ""))
    counted = overdue_open.uncached(
        sqlite_engine, dt.date(2024, 12, 31), Place("440000", "province"), 15, 60
    )
    assert overdue == int(counted["overdue_acceptance"].sum() + counted["overdue_conclusion"].sum())
