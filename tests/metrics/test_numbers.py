"""Numbers read the Chinese way: 万 and 亿, full figures with separators."""

from metrics.numbers import chinese_scale, full, percent, signed_percent


def test_large_numbers_in_wan_and_yi() -> None:
    assert chinese_scale(412_358) == "41.24万"
    assert chinese_scale(189_873_134.8) == "1.9亿"
    assert chinese_scale(80_115) == "80,115"


def test_english_uses_millions() -> None:
    assert chinese_scale(189_873_134.8, language="en") == "189.87 m"


def test_full_figures_keep_every_digit() -> None:
    assert full(412358) == "412,358"
    assert full(None) == "—"


def test_percentages() -> None:
    assert percent(0.7636) == "76.4%"
    assert signed_percent(-0.05) == "-5.0%"
    assert signed_percent(None) == "—"


def test_axis_units_scale_to_wan() -> None:
    from metrics.numbers import scaled_unit

    assert scaled_unit(22_000_000, "小时") == (1e4, "万小时")
    assert scaled_unit(8_000, "件") == (1.0, "件")
    assert scaled_unit(2e9, "小时") == (1e8, "亿小时")
    assert scaled_unit(22_000_000, "hours", "en") == (1e6, "million hours")


def test_headline_scale_keeps_cards_short() -> None:
    from metrics.numbers import headline_scale

    assert headline_scale(412_358) == "41.24万"
    assert headline_scale(4_123_580) == "412.4万"
    assert headline_scale(27_847_790.7) == "2,785万"
    assert headline_scale(190_123_456) == "1.9亿"
    assert headline_scale(80_115) == "80,115"
    assert headline_scale(27_847_790.7, language="en") == "27.85 m"
    assert headline_scale(None) == "—"
