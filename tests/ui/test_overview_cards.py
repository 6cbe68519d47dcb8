"""The overview's five KPI cards drawn from a hand-made Headline (AppTest.from_function): the
value text, unit and notes each card shows, for the province and for a city, in either language."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n import t


def _overview_cards_script() -> None:
    """The five cards of a Headline whose figures are set by hand; the place from the session."""
    import streamlit as st

    from data_access.aggregate import Place
    from metrics import periods
    from services.headline import Compared, Headline
    from ui.cards import card_grid
    from ui.overview_cards import headline_cards

    level = st.session_state.get("level", "province")
    h = Headline(
        period=periods.year(2024),
        place=Place("440000" if level == "province" else "440100", level),
        departments_formed={"province": 1, "city": 21, "county": 122},
        departments_total={"province": 1, "city": 21, "county": 122},
        departments_formed_previous=130,
        departments_formed_last_year=0,
        founded="2024-01-18",
        complete="2024-04-30",
        workforce_year=2024,
        community_workers_per_10k=18.04,
        volunteer_hours=Compared(41_240_000.0, 40_000_000.0, 0.0),
        volunteers=Compared(3_000_000.0, 2_900_000.0, 0.0),
        associations=Compared(8_000.0, 8_000.0, 7_500.0),
        associations_by_level={"province": 1_200},
        party_coverage=0.75,
        survey_year=2024,
        survey={"visited": 1_000, "questionnaires": 2_000, "issues_collected": 300},
        plaques_removed=Compared(412_400.0, 0.0, 0.0),
        plaque_kinds={
            "village": {"before": 140, "after": 21},
            "mechanism": {"before": 27, "after": 7},
            "internal": {"before": 15, "after": 15},
        },
        suggestions_received=Compared(80_115.0, 70_000.0, 0.0),
        suggestions_by_channel_group={"petition": 60_000, "other": 20_115},
        suggestions_concluded=70_000,
        suggestions_adopted=1_000,
    )
    card_grid(headline_cards(h), key="cards")


def _cards(lang: str = "zh", level: str = "province") -> AppTest:
    at = AppTest.from_function(_overview_cards_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["level"] = level
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_five_cards_in_the_areas_order_with_their_values() -> None:
    at = _cards()
    areas = [md.value.strip("*") for md in at.markdown]
    assert areas == [t(f"area.{a}", "zh") for a in (
        "buildout", "volunteer", "associations", "signage", "suggestions"
    )]  # fmt: skip
    assert [m.value for m in at.metric] == [
        "143 个", "4,124万 小时", "8,000 家", "41.24万 块", "80,115 件"
    ]  # fmt: skip
    assert at.metric[1].label == t("kpi.volunteer_hours", "zh")
    assert at.metric[3].help.endswith(t("full_figure", "zh", value="412,400"))


def test_the_notes_under_the_cards() -> None:
    captions = [c.value for c in _cards().caption]
    assert "市级 21/21 · 县级 122/122" in captions
    assert t("kpi.founded", "zh", founded="2024-01-18", complete="2024-04-30") in captions
    assert "每万城镇常住人口拥有社区工作者 18.0 人（2024年）" in captions
    assert "其中省级 1,200 家 · 党组织覆盖率 75.0%" in captions
    assert "村级挂牌 140→21 类 · 工作机制 27→7 项 · 内部标识 15 类" in captions
    assert "信访渠道 60,000 件 · 其他渠道 20,115 件 · 已办结 70,000 件" in captions
    assert any(c.startswith("参与志愿者 300万 人次 · 人均 13.7 小时") for c in captions)


def test_changes_new_where_last_year_had_none() -> None:
    at = _cards()
    assert at.metric[0].delta == "+10.0%"  # 143 formed against 130 at the period before
    captions = [c.value for c in at.caption]
    assert f"{t('delta.yoy', 'zh')} {t('delta.new', 'zh')}" in captions  # none a year before
    assert at.metric[2].delta == "+0.0%"
    assert f"{t('delta.yoy', 'zh')} +6.7%" in captions


def test_a_city_marks_the_province_wide_figures() -> None:
    captions = [c.value for c in _cards(level="city").caption]
    wide = t("kpi.province_wide", "zh")
    assert wide + "村级挂牌 140→21 类 · 工作机制 27→7 项 · 内部标识 15 类" in captions
    assert any(c.startswith(wide + "2024年调研") for c in captions)


def test_english_values_and_units() -> None:
    at = _cards("en")
    assert [m.value for m in at.metric][:2] == ["143 depts", "41.24 m hours"]
    assert at.metric[0].label == t("kpi.departments_formed", "en")
