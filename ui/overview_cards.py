"""The overview's five KPI cards, built from the headline figures."""

from __future__ import annotations

from metrics.deltas import change
from metrics.numbers import chinese_scale, full, headline_scale, percent
from metrics.rates import hours_per_volunteer
from services.headline import Compared, Headline
from ui.cards import KpiCard
from ui.i18n import language, t


def _cmp(c: Compared) -> tuple:
    """Changes against the previous period and last year."""
    return change(c.current, c.previous), change(c.current, c.last_year)


def headline_cards(h: Headline) -> list[KpiCard]:
    """One card per area, in the order the areas are listed everywhere."""
    lang = language()
    formed = h.departments_formed
    total = h.departments_total
    n_formed = formed.get("city", 0) + formed.get("county", 0)
    founded_note = (
        t("kpi.founded", founded=h.founded, complete=h.complete)
        if h.complete
        else t("kpi.founded_incomplete", founded=h.founded or "—")
    )
    notes_buildout = [
        t(
            "kpi.departments_detail",
            city=formed.get("city", 0),
            city_total=total.get("city", 0),
            county=formed.get("county", 0),
            county_total=total.get("county", 0),
        ),
        founded_note,
    ]
    if h.community_workers_per_10k is not None:
        notes_buildout.append(
            t(
                "kpi.community_workers",
                ratio=f"{h.community_workers_per_10k:.1f}",
                year=h.workforce_year,
            )
        )
    assoc_notes = [
        t(
            "kpi.associations_detail",
            provincial=full(h.associations_by_level.get("province", 0)),
            coverage=percent(h.party_coverage),
        ),
    ]
    # The survey and the plaque catalogue are counted for the whole province only.
    province_wide = "" if h.place.level == "province" else t("kpi.province_wide")
    if any(h.survey.values()):
        survey = {k: full(val) for k, val in h.survey.items()}
        assoc_notes.append(
            province_wide
            + t(
                "kpi.survey",
                year=h.survey_year,
                visited=survey["visited"],
                questionnaires=survey["questionnaires"],
                issues=survey["issues_collected"],
            )
        )
    vol_prev, vol_yoy = _cmp(h.volunteer_hours)
    per = hours_per_volunteer(h.volunteer_hours.current, h.volunteers.current)
    assoc_prev, assoc_yoy = _cmp(h.associations)
    plq_prev, plq_yoy = _cmp(h.plaques_removed)
    sug_prev, sug_yoy = _cmp(h.suggestions_received)
    kinds = h.plaque_kinds
    return [
        KpiCard(
            key="buildout",
            area=t("area.buildout"),
            label=t("kpi.departments_formed"),
            value=f"{n_formed} {t('unit.departments')}",
            full_value=full(n_formed),
            previous=change(n_formed, h.departments_formed_previous),
            last_year=change(n_formed, h.departments_formed_last_year),
            notes=notes_buildout,
        ),
        KpiCard(
            key="volunteer",
            area=t("area.volunteer"),
            label=t("kpi.volunteer_hours"),
            value=f"{headline_scale(h.volunteer_hours.current, lang)} {t('unit.hours')}",
            full_value=full(round(h.volunteer_hours.current)),
            previous=vol_prev,
            last_year=vol_yoy,
            notes=[
                t(
                    "kpi.volunteer_detail",
                    volunteers=chinese_scale(h.volunteers.current, language=lang),
                    per="—" if per is None else f"{per:.1f}",
                )
            ],
        ),
        KpiCard(
            key="associations",
            area=t("area.associations"),
            label=t("kpi.associations"),
            value=f"{full(h.associations.current)} {t('unit.associations')}",
            full_value=full(h.associations.current),
            previous=assoc_prev,
            last_year=assoc_yoy,
            notes=assoc_notes,
        ),
        KpiCard(
            key="signage",
            area=t("area.signage"),
            label=t("kpi.plaques_removed"),
            value=f"{headline_scale(h.plaques_removed.current, lang)} {t('unit.plaques')}",
            full_value=full(h.plaques_removed.current),
            previous=plq_prev,
            last_year=plq_yoy,
            notes=[
                province_wide
                + t(
                    "kpi.plaques_detail",
                    vb=kinds.get("village", {}).get("before", "—"),
                    va=kinds.get("village", {}).get("after", "—"),
                    mb=kinds.get("mechanism", {}).get("before", "—"),
                    ma=kinds.get("mechanism", {}).get("after", "—"),
                    ia=kinds.get("internal", {}).get("after", "—"),
                )
            ],
        ),
        KpiCard(
            key="suggestions",
            area=t("area.suggestions"),
            label=t("kpi.suggestions_received"),
            value=f"{full(h.suggestions_received.current)} {t('unit.items')}",
            full_value=full(h.suggestions_received.current),
            previous=sug_prev,
            last_year=sug_yoy,
            notes=[
                t(
                    "kpi.suggestions_detail",
                    petition=full(h.suggestions_by_channel_group["petition"]),
                    other=full(h.suggestions_by_channel_group["other"]),
                    concluded=full(h.suggestions_concluded),
                )
            ],
        ),
    ]
