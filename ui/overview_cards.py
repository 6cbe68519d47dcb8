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


def _area_card(
    area: str, label: str, value: str, full_value: str, c: Compared, notes: list[str]
) -> KpiCard:
    """An area's card: its figure, the changes on the previous period and last year, notes."""
    previous, last_year = _cmp(c)
    return KpiCard(
        key=area,
        area=t(f"area.{area}"),
        label=t(label),
        value=value,
        full_value=full_value,
        previous=previous,
        last_year=last_year,
        notes=notes,
    )


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
    per = hours_per_volunteer(h.volunteer_hours.current, h.volunteers.current)
    kinds = h.plaque_kinds
    formed_compared = Compared(
        n_formed, h.departments_formed_previous, h.departments_formed_last_year
    )
    return [
        _area_card(
            "buildout",
            "kpi.departments_formed",
            f"{n_formed} {t('unit.departments')}",
            full(n_formed),
            formed_compared,
            notes_buildout,
        ),
        _area_card(
            "volunteer",
            "kpi.volunteer_hours",
            f"{headline_scale(h.volunteer_hours.current, lang)} {t('unit.hours')}",
            full(round(h.volunteer_hours.current)),
            h.volunteer_hours,
            [
                t(
                    "kpi.volunteer_detail",
                    volunteers=chinese_scale(h.volunteers.current, language=lang),
                    per="—" if per is None else f"{per:.1f}",
                )
            ],
        ),
        _area_card(
            "associations",
            "kpi.associations",
            f"{full(h.associations.current)} {t('unit.associations')}",
            full(h.associations.current),
            h.associations,
            assoc_notes,
        ),
        _area_card(
            "signage",
            "kpi.plaques_removed",
            f"{headline_scale(h.plaques_removed.current, lang)} {t('unit.plaques')}",
            full(h.plaques_removed.current),
            h.plaques_removed,
            [
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
        _area_card(
            "suggestions",
            "kpi.suggestions_received",
            f"{full(h.suggestions_received.current)} {t('unit.items')}",
            full(h.suggestions_received.current),
            h.suggestions_received,
            [
                t(
                    "kpi.suggestions_detail",
                    petition=full(h.suggestions_by_channel_group["petition"]),
                    other=full(h.suggestions_by_channel_group["other"]),
                    concluded=full(h.suggestions_concluded),
                )
            ],
        ),
    ]
