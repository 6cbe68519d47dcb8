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


POPULATION = ("population_10k", "vol.col.population_10k")

VOLUNTEER_MAP = AreaMap(
    prefix="vol",
    title="vol.map.title",
    figures=(
        MapFigure("hours", "unit.hours"),
        MapFigure("volunteers", "vol.unit.person_times"),
        MapFigure("hours_per_10k", "unit.hours", 1, per_10k_of="hours"),
        MapFigure("volunteers_per_10k", "vol.unit.person_times", 1, per_10k_of="volunteers"),
        MapFigure("hours_per_volunteer", "unit.hours", 1),
    ),
    table=(
        ("hours", "col.hours"),
        ("volunteers", "col.volunteers"),
        ("hours_per_volunteer", "vol.metric.hours_per_volunteer"),
        POPULATION,
        ("hours_per_10k", "vol.metric.hours_per_10k"),
        ("volunteers_per_10k", "vol.metric.volunteers_per_10k"),
    ),
)

ASSOCIATION_MAP = AreaMap(
    prefix="assoc",
    title="assoc.map.title",
    figures=(
        MapFigure("associations", "assoc.unit.associations"),
        MapFigure(
            "associations_per_10k", "assoc.unit.associations_per_10k", 1, per_10k_of="associations"
        ),
        MapFigure("party_coverage", "", 1, percent=True),
    ),
    table=(
        ("associations", "assoc.metric.associations"),
        ("with_party_org", "assoc.col.with_party_org"),
        ("party_coverage", "assoc.col.coverage_share"),
        POPULATION,
        ("associations_per_10k", "assoc.metric.associations_per_10k"),
    ),
)

SUGGESTION_MAP = AreaMap(
    prefix="sugg",
    title="sugg.map.title",
    figures=(
        MapFigure("received", "unit.items"),
        MapFigure("received_per_10k", "sugg.unit.per_10k", 1, per_10k_of="received"),
        MapFigure("open", "unit.items"),
        MapFigure("overdue", "unit.items", reds=True),
    ),
    table=(
        ("received", "sugg.metric.received"),
        POPULATION,
        ("received_per_10k", "sugg.metric.received_per_10k"),
        ("open", "sugg.metric.open"),
        ("overdue", "sugg.metric.overdue"),
    ),
    default="overdue",
)


def boundaries(province: str, level: str, city: str | None = None) -> dict[str, Any]:
    """The simplified boundaries a map draws: a level's units, or one city's (do not mutate)."""
    return boundaries_geojson(province, level, city_adcode=city)
