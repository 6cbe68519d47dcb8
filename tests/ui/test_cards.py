"""KPI cards from section_kit on their own (AppTest.from_function): the area, label and value
a user reads, the change on the previous period and on last year, the notes and the help."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n import t


def _cards_script() -> None:
    """Three cards in one row: compared both ways, new since last year, a year's figure."""

    from metrics.deltas import change
    from ui.section_kit import card, card_row

    card_row(
        [
            card(
                "hours", "志愿服务", "志愿服务时长", "41.24万 小时", "412,400", "按服务日期统计",
                previous=change(412_400, 400_000), last_year=change(412_400, 500_000),
                notes=["参与志愿者 3万 人次"],
            ),
            card(
                "plaques", "基层减负", "摘除牌子", "120 块", "120", "按摘牌日期统计",
                previous=change(120, 0), last_year=change(120, None),
            ),
            card(
                "year", "行业协会商会", "协会商会", "80 家", "80", "年末在册",
                previous=change(80, 100), last_year=change(80, 100),
            ),
        ]
    )  # fmt: skip


def _cards(lang: str = "zh") -> AppTest:
    at = AppTest.from_function(_cards_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_each_card_shows_its_area_label_and_value() -> None:
    at = _cards()
    assert [m.label for m in at.metric] == ["志愿服务时长", "摘除牌子", "协会商会"]
    assert [m.value for m in at.metric] == ["41.24万 小时", "120 块", "80 家"]
    areas = [md.value for md in at.markdown]
    assert areas == ["**志愿服务**", "**基层减负**", "**行业协会商会**"]


def test_changes_on_the_previous_period_and_last_year() -> None:
    at = _cards()
    hours, plaques, year = at.metric
    assert hours.delta == "+3.1%"
    assert f"{t('delta.yoy', 'zh')} -17.5%" in [c.value for c in at.caption]
    assert plaques.delta == t("delta.new", "zh")  # nothing the period before
    assert year.delta == "-20.0%"  # the same base both ways: one comparison, called 同比


def test_notes_and_help_carry_the_definition_and_the_full_figure() -> None:
    at = _cards()
    assert "参与志愿者 3万 人次" in [c.value for c in at.caption]
    assert at.metric[0].help == "按服务日期统计\n\n" + t("full_figure", "zh", value="412,400")


def test_english_comparison_caption() -> None:
    at = _cards("en")
    assert f"{t('delta.yoy', 'en')} -17.5%" in [c.value for c in at.caption]
    assert at.metric[0].help.endswith("Full figure: 412,400")
