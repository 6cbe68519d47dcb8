"""Number formatting the way Chinese reports read: 万 and 亿, with full figures available."""

from __future__ import annotations

import math


def _trim(x: float, digits: int) -> str:
    """A decimal with trailing zeros removed."""
    text = f"{x:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def chinese_scale(value: float | None, digits: int = 2, language: str = "zh") -> str:
    """A large number in 万/亿 (zh) or K/M/B-free plain grouping (en); small ones in full."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    v = float(value)
    a = abs(v)
    if language != "zh":
        if a >= 1e9:
            return f"{_trim(v / 1e9, digits)} bn"
        if a >= 1e6:
            return f"{_trim(v / 1e6, digits)} m"
        return full(v)
    if a >= 1e8:
        return f"{_trim(v / 1e8, digits)}亿"
    if a >= 1e5:
        return f"{_trim(v / 1e4, digits)}万"
    return full(v)


def headline_scale(value: float | None, language: str = "zh") -> str:
    """A card's headline in 万/亿 with about four significant figures (41.24万, 412.4万,
    2,785万), so it fits the card whole; the card's help has the full figure."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    a = abs(float(value))
    if language == "zh":
        scale = 1e8 if a >= 1e8 else 1e4 if a >= 1e5 else 1.0
    else:
        scale = 1e9 if a >= 1e9 else 1e6 if a >= 1e6 else 1.0
    scaled = a / scale
    digits = 2 if scaled < 100 or scale == 1 else 1 if scaled < 1000 else 0
    return chinese_scale(value, digits, language)


def full(value: float | None, digits: int = 0) -> str:
    """The full figure with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if digits == 0 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.{max(digits, 1)}f}"


def percent(share: float | None, digits: int = 1) -> str:
    """A share (0–1) as a percentage."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return f"{share * 100:.{digits}f}%"


def signed_percent(change: float | None, digits: int = 1) -> str:
    """A relative change with its sign, e.g. +12.3%."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "—"
    return f"{change * 100:+.{digits}f}%"


def scaled_unit(max_value: float, unit: str, language: str = "zh") -> tuple[float, str]:
    """Divisor and unit label for a chart axis: 万/亿 in Chinese, thousand/million in English."""
    a = abs(float(max_value)) if max_value == max_value else 0.0
    if language == "zh":
        if a >= 1e9:
            return 1e8, f"亿{unit}"
        if a >= 1e5:
            return 1e4, f"万{unit}"
        return 1.0, unit
    if a >= 1e7:
        return 1e6, f"million {unit}"
    if a >= 1e5:
        return 1e3, f"thousand {unit}"
    return 1.0, unit
