"""What each area's map can show: its figures, their units and digits, and the table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from data_access.boundaries import boundaries_geojson


@dataclass(frozen=True)
class MapFigure:
    """One figure a map can colour places by."""

    key: str  # column of the area's by_place frame; label key "{prefix}.metric.{key}"
    unit: str  # i18n key of the unit
    digits: int = 0
    per_10k_of: str | None = (
        None  # per-10k figure: shown as this count where counties lack population
    )
    percent: bool = False  # a share 0–1, drawn as %
    reds: bool = False  # a figure where more is worse


@dataclass(frozen=True)
class AreaMap:
    """An area's map: widget prefix, its figures (the first is the default), its table columns."""

    prefix: str
    title: str  # i18n key of the section title
    figures: tuple[MapFigure, ...]
    table: tuple[tuple[str, str], ...]  # column → i18n key of its header
    default: str = ""

    def figure(self, key: str) -> MapFigure:
        """The figure of that key."""
        return next(f for f in self.figures if f.key == key)

    @property
    def keys(self) -> list[str]:
        """Every figure's key, in order."""
        return [f.key for f in self.figures]


POPULATION = ("population_10k", "volunteer.col.population_10k")

VOLUNTEER_MAP = AreaMap(
    prefix="volunteer",
    title="volunteer.map.title",
    figures=(
        MapFigure("hours", "unit.hours"),
        MapFigure("volunteers", "volunteer.unit.person_times"),
        MapFigure("hours_per_10k", "unit.hours", 1, per_10k_of="hours"),
        MapFigure("volunteers_per_10k", "volunteer.unit.person_times", 1, per_10k_of="volunteers"),
        MapFigure("hours_per_volunteer", "unit.hours", 1),
    ),
    table=(
        ("hours", "col.hours"),
        ("volunteers", "col.volunteers"),
        ("hours_per_volunteer", "volunteer.metric.hours_per_volunteer"),
        POPULATION,
        ("hours_per_10k", "volunteer.metric.hours_per_10k"),
        ("volunteers_per_10k", "volunteer.metric.volunteers_per_10k"),
    ),
)

ASSOCIATION_MAP = AreaMap(
    prefix="association",
    title="association.map.title",
    figures=(
        MapFigure("associations", "association.unit.associations"),
        MapFigure(
            "associations_per_10k",
            "association.unit.associations_per_10k",
            1,
            per_10k_of="associations",
        ),
        MapFigure("party_coverage", "", 1, percent=True),
    ),
    table=(
        ("associations", "association.metric.associations"),
        ("with_party_org", "association.col.with_party_org"),
        ("party_coverage", "association.col.coverage_share"),
        POPULATION,
        ("associations_per_10k", "association.metric.associations_per_10k"),
    ),
)

SUGGESTION_MAP = AreaMap(
    prefix="suggestion",
    title="suggestion.map.title",
    figures=(
        MapFigure("received", "unit.items"),
        MapFigure("received_per_10k", "suggestion.unit.per_10k", 1, per_10k_of="received"),
        MapFigure("open", "unit.items"),
        MapFigure("overdue", "unit.items", reds=True),
    ),
    table=(
        ("received", "suggestion.metric.received"),
        POPULATION,
        ("received_per_10k", "suggestion.metric.received_per_10k"),
        ("open", "suggestion.metric.open"),
        ("overdue", "suggestion.metric.overdue"),
    ),
    default="overdue",
)


def boundaries(province: str, level: str, city: str | None = None) -> dict[str, Any]:
    """The simplified boundaries a map draws: a level's units, or one city's (do not mutate)."""
    return boundaries_geojson(province, level, city_adcode=city)
