"""The buildout page's sections: replay day, cards, progress, map, milestones, people, table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts import buildout as charts
from charts.maps import category_choropleth
from config import get_settings
from data_access.aggregate import Place
from metrics.numbers import percent
from services import buildout_view as view
from services.buildout_view import Formation
from ui.filters import Filters
from ui.i18n import t
from ui.section_kit import card, card_row, chart_with_exports
from ui.table_block import table_block

MONTH_NAMES_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _names(regions: pd.DataFrame) -> dict[str, str]:
    """Place names by adcode."""
    return dict(zip(regions["adcode"], regions["name"], strict=True))


def replay_day(engine: Engine, filters: Filters) -> dt.date:
    """The day the page shows: a slider over the buildout years, reset when the period changes."""
    start, end = view.replay_range(engine)
    default = min(max(filters.period.end, start), end)
    marker = f"{filters.period.kind}:{filters.period.end}"
    if st.session_state.get("buildout_day_period", marker) != marker:
        st.session_state["buildout_day"] = default
    st.session_state["buildout_day_period"] = marker
    current = st.session_state.get("buildout_day", default)
    st.session_state["buildout_day"] = min(max(current, start), end)
    return st.slider(
        t("buildout.replay"),
        min_value=start,
        max_value=end,
        step=dt.timedelta(days=1),
        format="YYYY-MM-DD",
        key="buildout_day",
        help=t("buildout.replay_help"),
    )


def _ratio(formed: dict[str, tuple[int, int]], level: str) -> str:
    """Formed/total of a level ("15/21"), or a dash when the place has none of that level."""
    if level not in formed:
        return "—"
    done, total = formed[level]
    return f"{done}/{total}"


def cards_section(
    engine: Engine, filters: Filters, day: dt.date, regions: pd.DataFrame
) -> Formation:
    """City and county departments formed by the day, founding, completion, workers per 10k."""
    f = view.formation(engine, filters.place, day)
    province = Place(get_settings().province_adcode, "province")
    work = view.workforce(
        engine, day.year, _workforce_place(filters.place, regions), province, _names(regions)
    )
    as_of = [t("buildout.as_of_day", day=day.isoformat())]
    work_place = filters.place_name
    notes = [
        t("buildout.card.workers_note", year=work.year, place=work_place, unit=t("unit.per_10k"))
    ]
    if filters.place.level == "county":
        notes.append(t("buildout.card.workers_county"))
    span = (f.complete - f.founded).days if f.complete and f.founded else None
    founded = f.founded.isoformat() if f.founded else "—"
    timing = [t("buildout.card.founded_line", day=founded)]
    if f.complete:
        timing.append(t("buildout.card.complete_line", day=f.complete.isoformat()))
    else:
        timing.append(t("buildout.card.incomplete"))
    card_row(
        [
            *(
                card(
                    f"buildout_{level}",
                    t("area.buildout"),
                    t(f"buildout.card.{level}"),
                    _ratio(f.formed, level),
                    _ratio(f.formed, level),
                    t("buildout.help.formed"),
                    notes=as_of,
                )
                for level in ("city", "county")
            ),
            card(
                "buildout_span",
                t("area.buildout"),
                t("buildout.card.span"),
                f"{span} {t('buildout.unit.days')}"
                if span is not None
                else t("buildout.card.incomplete"),
                f"{founded} → {f.complete.isoformat() if f.complete else '—'}",
                t("buildout.card.complete_note"),
                notes=timing,
            ),
            card(
                "buildout_workers",
                t("area.buildout"),
                t("buildout.card.workers"),
                "—" if work.place is None else f"{work.place:.1f}",
                "—" if work.place is None else f"{work.place:.3f}",
                t("buildout.help.workers"),
                notes=notes,
            ),
        ]
    )
    return f


def _workforce_place(place: Place, regions: pd.DataFrame) -> Place:
    """Community workforce is kept per city: a county stands for its city."""
    if place.level != "county":
        return place
    city = regions.loc[regions["adcode"] == place.adcode, "city_adcode"].iloc[0]
    return Place(city, "city")


def progress_section(
    engine: Engine, filters: Filters, facts: dict, day: dt.date, regions: pd.DataFrame
) -> None:
    """Formation over time (share of each level) beside the days each place took."""
    lang = filters.language
    start, _ = view.replay_range(engine)
    last = max(filters.period.end, start)
    cum = view.progress(engine, filters.place, start, last)
    days, kind = view.days_taken(engine, filters.place, _names(regions))
    left, right = st.columns(2)
    with left:
        title = t("buildout.progress.title")
        fig = charts.formation_progress(
            cum,
            level_names={lv: t(f"buildout.level.{lv}") for lv in ("province", "city", "county")},
            as_of=day,
            as_of_label=t("buildout.as_of_day", day=day.isoformat()),
            title=title,
            unit=t("buildout.progress.unit"),
            language=lang,
        )
        table = cum.assign(level=cum["level"].map(lambda lv: t(f"buildout.level.{lv}"))).rename(
            columns={
                "day": t("buildout.col.date"),
                "level": t("buildout.col.level"),
                "formed": t("buildout.col.formed"),
                "total": t("buildout.col.total"),
            }
        )
        chart_with_exports(
            fig, table, "buildout_progress", title, t("buildout.progress.unit"), filters, facts
        )
    with right:
        if kind == "cities":
            title = t("buildout.days.title_cities")
            series = {
                "city_days": t("buildout.days.city"),
                "counties_days": t("buildout.days.counties"),
            }
        else:
            title = t("buildout.days.title_departments")
            series = {"days": t("buildout.days.dept")}
        data = days.dropna(subset=list(series)[:1])
        if data.empty:
            st.info(t("buildout.empty"))
            return
        fig = charts.formation_days(data, series=series, title=title, unit=t("buildout.unit.days"))
        table = data[["adcode", "name", *series]].rename(
            columns={"adcode": t("col.adcode"), "name": t("col.place")} | series
        )
        chart_with_exports(
            fig, table, "buildout_days", title, t("buildout.unit.days"), filters, facts
        )


def _month_label(month: str, lang: str) -> str:
    """A formation month ("2024-03") as the legend writes it."""
    year, mo = month.split("-")
    return t(
        "buildout.map.month", lang, year=year, month=int(mo), month_name=MONTH_NAMES_EN[int(mo) - 1]
    )


def map_section(
    engine: Engine, filters: Filters, facts: dict, day: dt.date, regions: pd.DataFrame
) -> None:
    """Cities or counties coloured by the month their department was formed; grey: not yet."""
    st.subheader(t("buildout.map.title"))
    province = get_settings().province_adcode
    names = _names(regions)
    city = None
    if filters.place.level != "province":
        city = regions.loc[regions["adcode"] == filters.place.adcode, "city_adcode"].iloc[0]
        level = "county"
    else:
        level = st.radio(
            t("buildout.map.level"),
            ("city", "county"),
            format_func=lambda lv: t(f"buildout.map.{'cities' if lv == 'city' else 'counties'}"),
            horizontal=True,
            key="buildout_map_level",
        )
    shown = view.formation_map(engine, province, level, city, day)
    deps = shown.departments
    dated = deps["established_on"].map(lambda d: d.isoformat() if pd.notna(d) else "—")
    deps["name"] = deps["adcode"].map(names) + "（" + dated + "）"
    months = sorted(m for m in deps["month"].dropna().unique())
    palette = charts.MONTH_COLOURS
    categories = [
        (m, _month_label(m, filters.language), palette[(int(m[5:]) - 1) % len(palette)])
        for m in months
    ]
    place = names[city] if city else names[province]
    title = f"{place} · {t('buildout.map.title')} · {t('buildout.as_of_day', day=day.isoformat())}"
    fig = category_choropleth(
        deps,
        shown.geo,
        category_col="month",
        categories=categories,
        title=title,
        missing_label=t("buildout.map.not_formed"),
        hidden=shown.hidden,
        hidden_label=t("map.no_data"),
    )
    formed = deps["month"].notna()
    table = pd.DataFrame(
        {
            t("col.adcode"): deps["adcode"],
            t("col.place"): deps["adcode"].map(names),
            t("buildout.col.established_on"): deps["established_on"],
            t("buildout.col.status"): formed.map(
                lambda f: t("buildout.status.formed") if f else t("buildout.status.not_formed")
            ),
        }
    )
    chart_with_exports(fig, table, "buildout_map", title, "", filters, facts)
    st.caption(t("buildout.map.caption"))


def milestones_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """The milestones of the period's years as a timeline (from the data, imports included)."""
    first, last = filters.period.start.year, filters.period.end.year
    years = str(first) if first == last else f"{first}–{last}"
    title = t("buildout.milestones.title", years=years)
    df = view.milestones_of_years(engine, first, last)
    if df.empty:
        st.subheader(title)
        st.info(t("buildout.milestones.empty"))
        return
    en = filters.language == "en"
    label = (
        df["title_en"].where(df["title_en"].notna() & en, df["title_zh"]) if en else df["title_zh"]
    )
    fig = charts.milestone_timeline(
        df.assign(label=label),
        title=title,
        language=filters.language,
        month_note=t("buildout.milestones.month_note"),
    )
    table = df.rename(
        columns={
            "happened_on": t("buildout.col.date"),
            "precision": t("buildout.col.precision"),
            "title_zh": t("buildout.col.title_zh"),
            "title_en": t("buildout.col.title_en"),
        }
    )
    chart_with_exports(fig, table, "buildout_milestones", title, "", filters, facts)


def people_section(
    engine: Engine, filters: Filters, facts: dict, day: dt.date, regions: pd.DataFrame
) -> None:
    """Posts authorised and filled, observers, and community workers per 10,000 by city."""
    st.subheader(t("buildout.section.people"))
    names = _names(regions)
    staff = view.staffing_by_place(engine, filters.place, names)
    left, right = st.columns(2)
    with left:
        if staff.empty or not staff["posts_authorised"].sum():
            st.info(t("buildout.staffing.empty"))
        else:
            staff = staff.assign(
                rate_text=[
                    t("buildout.staffing.fill_rate", rate=percent(r)) for r in staff["fill_rate"]
                ]
            )
            series = {
                "posts_authorised": t("buildout.posts_authorised"),
                "posts_filled": t("buildout.posts_filled"),
            }
            title = t("buildout.staffing.title")
            fig = charts.staffing_bars(
                staff,
                series=series,
                title=title,
                unit=t("buildout.unit.people"),
                hover_extra="rate_text",
            )
            chart_with_exports(
                fig,
                _people_table(staff, series | {"fill_rate": t("buildout.col.fill_rate")}),
                "buildout_staffing",
                title,
                t("buildout.unit.people"),
                filters,
                facts,
            )
    with right:
        if staff.empty or not staff["observers"].sum():
            st.info(t("buildout.observers.empty"))
        else:
            title = t("buildout.observers.title")
            series = {"observers": t("buildout.col.observers")}
            fig = charts.staffing_bars(
                staff.sort_values("observers", ascending=False),
                series=series,
                title=title,
                unit=t("buildout.unit.people"),
            )
            chart_with_exports(
                fig,
                _people_table(staff, series),
                "buildout_observers",
                title,
                t("buildout.unit.people"),
                filters,
                facts,
            )
    _workforce(engine, filters, day, regions, facts)


def _people_table(df: pd.DataFrame, series: dict[str, str]) -> pd.DataFrame:
    """Place, code and the named columns with display headers."""
    cols = {"adcode": t("col.adcode"), "name": t("col.place")} | series
    return df[list(cols)].rename(columns=cols)


def _workforce(
    engine: Engine, filters: Filters, day: dt.date, regions: pd.DataFrame, facts: dict
) -> None:
    """Community workers per 10,000 urban residents per city, the province as reference line."""
    province = Place(get_settings().province_adcode, "province")
    place = _workforce_place(filters.place, regions)
    year = day.year
    work = view.workforce(engine, year, place, province, _names(regions))
    title = t("buildout.workers.title", year=year)
    if work.by_city.empty:
        st.info(t("buildout.workers.empty", year=year))
        return
    fig = charts.bars_with_reference(
        work.by_city,
        value_col="per_10k",
        reference=work.province,
        reference_label=t("buildout.workers.reference"),
        title=title,
        unit=t("unit.per_10k"),
        highlight=None if place.is_province else place.adcode,
    )
    cols = {
        "adcode": t("col.adcode"),
        "name": t("col.place"),
        "community_workers": t("buildout.col.workers"),
        "urban_residents": t("buildout.col.urban_residents"),
        "per_10k": f"{t('buildout.card.workers')}（{t('unit.per_10k')}）",
    }
    table = work.by_city[list(cols)].rename(columns=cols)
    chart_with_exports(fig, table, "buildout_workers", title, t("unit.per_10k"), filters, facts)


def table_section(engine: Engine, filters: Filters, day: dt.date, regions: pd.DataFrame) -> None:
    """Every department of the place: status on the day, formation date, days, staffing."""
    st.subheader(t("buildout.table.title"))
    names = _names(regions)
    deps = view.department_list(engine, filters.place, day)
    if deps.empty:
        st.info(t("buildout.empty"))
        return
    data = pd.DataFrame(
        {
            t("col.adcode"): deps["adcode"],
            t("col.place"): deps["name"],
            t("buildout.col.level"): deps["level"].map(lambda lv: t(f"buildout.level.{lv}")),
            t("buildout.col.city"): deps["city_adcode"].map(
                lambda a: names.get(a, "") if a else ""
            ),
            t("buildout.col.status"): deps["formed"].map(
                lambda f: t("buildout.status.formed") if f else t("buildout.status.not_formed")
            ),
            t("buildout.col.established_on"): deps["established_on"],
            t("buildout.col.days_taken"): deps["days_taken"],
            t("buildout.posts_authorised"): deps["posts_authorised"],
            t("buildout.posts_filled"): deps["posts_filled"],
            t("buildout.col.fill_rate"): deps["fill_rate"],
            t("buildout.col.observers"): deps["observers"],
        }
    )
    st.caption(t("buildout.table.caption", day=day.isoformat()))
    table_block(
        data,
        key="buildout_table",
        title=t("buildout.table.title"),
        filters=filters,
        column_config={
            t("buildout.col.fill_rate"): st.column_config.ProgressColumn(
                t("buildout.col.fill_rate"), min_value=0.0, max_value=1.0, format="percent"
            ),
            t("buildout.col.established_on"): st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
        height=420,
    )
