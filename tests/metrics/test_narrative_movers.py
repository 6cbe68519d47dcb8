"""The written summary and the movers: rules, zero bases, both languages, inputs untouched."""

import pandas as pd

from metrics.movers import place_changes, top_movers
from metrics.narrative import Mover, PeriodFacts, period_summary


def _facts(**over: object) -> PeriodFacts:
    """Hand-made figures of one week."""
    base = dict(
        period_label="2024年第48周（11月25日—12月1日）",
        place_name="广东省",
        volunteer_hours=2_888_620.5,
        volunteer_hours_previous=2_906_322.7,
        suggestions_received=1782,
        suggestions_received_previous=1728,
        suggestions_concluded=1648,
        on_time_share=0.8404,
        overdue_open=412,
        plaques_removed=1624,
        rising=[Mover("深圳市", 32465.8)],
        falling=[Mover("茂名市", -28216.6)],
        milestones=[],
    )
    base.update(over)
    return PeriodFacts(**base)  # type: ignore[arg-type]  # base's values are typed object


def test_chinese_summary_quotes_the_numbers() -> None:
    s = period_summary(_facts())
    assert s.text.startswith(
        "2024年第48周（11月25日—12月1日），广东省志愿服务时长288.86万小时，环比下降0.6%。"
    )
    assert (
        "收到人民建议1,782件，环比增长3.1%；办结1,648件，其中受理、办结均在时限内的占84.0%；超期未办结412件。"
        in s.text
    )
    assert "深圳市（+32,466小时）" in s.text and "茂名市（−28,217小时）" in s.text
    assert s.figures["suggestions_received"] == 1782 and s.figures["signs_removed"] == 1624


def test_english_summary() -> None:
    s = period_summary(_facts(period_label="Week 48 2024", place_name="Guangdong"), "en")
    assert "1,782 suggestions received, +3.1% on the previous period" in s.text


def test_zero_last_week_reads_as_new_not_infinite() -> None:
    s = period_summary(_facts(suggestions_received_previous=0, volunteer_hours_previous=0))
    assert "环比新增" in s.text and "inf" not in s.text


def test_no_plaques_no_sentence() -> None:
    assert "牌子" not in period_summary(_facts(plaques_removed=0)).text


def test_place_changes_marks_new_places_and_keeps_inputs() -> None:
    now = pd.DataFrame({"adcode": ["A", "B", "C"], "hours": [10.0, 5.0, 0.0]})
    then = pd.DataFrame({"adcode": ["A", "C"], "hours": [5.0, 4.0]})
    before = (now.copy(), then.copy())
    out = place_changes(now, then, "hours").set_index("adcode")
    pd.testing.assert_frame_equal(now, before[0])
    pd.testing.assert_frame_equal(then, before[1])
    assert out.loc["B", "is_new"] and pd.isna(out.loc["B", "relative"])
    assert out.loc["A", "relative"] == 1.0 and out.loc["C", "change"] == -4.0
    up, down = top_movers(out.reset_index(), n=1)
    assert list(up["adcode"]) == ["A"] and list(down["adcode"]) == ["C"]


def test_summary_names_the_places_turned_red() -> None:
    zh = period_summary(_facts(turned_red=["江海区", "吴川市"]), "zh")
    assert zh.sentences[-1] == "本期新转为红灯预警的地区：江海区、吴川市。"
    en = period_summary(_facts(turned_red=["Jianghai"]), "en")
    assert en.sentences[-1] == "Turned red this period: Jianghai."
    assert "红灯" not in period_summary(_facts(), "zh").text
