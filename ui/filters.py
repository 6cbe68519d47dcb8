"""The shared sidebar: language, period and place (province → city → county)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from config import get_settings
from data_access.accounts import User
from data_access.aggregate import Place
from metrics import periods
from metrics.periods import Period
from ui.i18n import language, t
from ui.links import apply_link, linked_index, write_link

KINDS = ("year", "quarter", "month", "week")


@dataclass(frozen=True)
class Filters:
    """What the sidebar selected."""

    period: Period
    place: Place
    place_name: str
    language: str


def _day(facts: dict[str, object], key: str) -> dt.date:
    """A date of the dataset facts ("first_day", "last_day"), today when there is no data."""
    day = facts[key]
    return day if isinstance(day, dt.date) else dt.date.today()


def _default_period(kind: str, facts: dict[str, object]) -> Period:
    """The reference year's last period of a kind for demo data, else the latest one."""
    last = _day(facts, "last_day")
    ref = facts.get("reference_year")
    if isinstance(ref, int) and ref and facts.get("demo"):
        last = min(last, dt.date(ref, 12, 31))
    return periods.containing(kind, last)


def _language_picker() -> None:
    """The language switch; changes every string at once."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = get_settings().default_language
    st.sidebar.radio(
        t("sidebar.language"),
        options=["zh", "en"],
        format_func=lambda c: "中文" if c == "zh" else "English",
        key="lang",
        horizontal=True,
    )


def _period_picker(facts: dict[str, object], own_period: bool = False) -> Period:
    """Period kind and the period itself; greyed out on a page that picks its own period."""
    lang = language()
    kind = st.sidebar.selectbox(
        t("sidebar.period_kind"),
        KINDS,
        format_func=lambda k: t(f"kind.{k}"),
        key="period_kind",
        disabled=own_period,
    )
    first = _day(facts, "first_day")
    last = _day(facts, "last_day")
    options = periods.periods_between(kind, first, last)
    default = _default_period(kind, facts)
    index = options.index(default) if default in options else 0
    period = st.sidebar.selectbox(
        t("sidebar.period"),
        options,
        index=linked_index(f"period_{kind}", options, index),
        format_func=lambda p: p.label(lang),
        key=f"period_{kind}",
        disabled=own_period,
    )
    if own_period:
        st.sidebar.caption(t("sidebar.period_on_page"))
    return period


def _place_picker(
    regions: pd.DataFrame, scope_city: str | None, scope_county: str | None = None
) -> tuple[Place, str]:
    """City and, within it, county; the province when none is chosen.

    A user scoped to one city (or county) starts there and may step up to province totals only.
    """
    province = regions[regions["level"] == "province"].iloc[0]
    cities = regions[regions["level"] == "city"]
    names = dict(zip(regions["adcode"], regions["name"], strict=True))
    options = [province["adcode"], *cities["adcode"]]
    if scope_city is not None:
        options = [scope_city, province["adcode"]]
        if st.session_state.get("city") not in (None, *options):
            own = names[scope_city] + (names[scope_county] if scope_county else "")
            st.sidebar.warning(t("auth.other_city", city=own))
            st.session_state["city"] = scope_city
    # Options are adcodes; the province's own code stands for "whole province" (a None option
    # would show as an empty placeholder after a rerun).
    city = st.sidebar.selectbox(
        t("sidebar.city"),
        options,
        format_func=lambda a: names[a],
        key="city",
    )
    if city == province["adcode"]:
        return Place(province["adcode"], "province"), province["name"]
    counties = regions[(regions["city_adcode"] == city) & (regions["level"] == "county")]
    if counties.empty:
        return Place(city, "city"), names[city]
    county_options = [city, *counties["adcode"]]
    if scope_county is not None:
        county_options = [scope_county]
        if st.session_state.get(f"county_{city}") not in (None, scope_county):
            place = f"{names[city]}{names[scope_county]}"
            st.sidebar.warning(t("auth.other_city", city=place))
            st.session_state[f"county_{city}"] = scope_county
    county = st.sidebar.selectbox(
        t("sidebar.county"),
        county_options,
        format_func=lambda a: t("place.all_counties") if a == city else names[a],
        key=f"county_{city}",
    )
    if county == city:
        return Place(city, "city"), names[city]
    return Place(county, "county"), f"{names[city]}{names[county]}"


def sidebar_filters(
    facts: dict[str, object], regions: pd.DataFrame, user: User, own_period: bool = False
) -> Filters:
    """Draw the shared sidebar and return what it selected (own_period: the page picks it)."""
    _language_picker()
    first = _day(facts, "first_day")
    last = _day(facts, "last_day")
    apply_link(KINDS, lambda kind: periods.periods_between(kind, first, last), regions, user)
    period = _period_picker(facts, own_period)
    place, place_name = _place_picker(regions, user.city_adcode, user.county_adcode)
    write_link(period, place.adcode)
    filters = Filters(period, place, place_name, language())
    st.session_state["filters"] = filters
    return filters


def current_filters() -> Filters:
    """The filters the sidebar set on this run."""
    return st.session_state["filters"]
