"""Queries of industry associations and chambers of commerce: stock, Party coverage, survey."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Select, case, func, or_, select

from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.frames import result_frame
from data_access.models import Association, AssociationSurvey, Region

_T = Association.__table__


def _active_on(day: dt.date) -> list[Any]:
    """Clauses selecting associations registered and not deregistered on a day."""
    return [
        _T.c.registered_on <= day,
        or_(_T.c.deregistered_on.is_(None), _T.c.deregistered_on > day),
    ]


@cached_query
def associations_active(
    engine: Engine, as_of: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Associations registered on a day, with how many have a Party organisation."""
    return aggregate(
        engine,
        _T,
        {
            "associations": func.count(),
            "with_party_org": func.sum(case((_T.c.has_party_org, 1), else_=0)),
        },
        place=place,
        by=by,
        where=_active_on(as_of),
    )


@cached_query
def associations_registered(
    engine: Engine, start: dt.date, end: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Associations newly registered between two dates."""
    return aggregate(
        engine,
        _T,
        {"registered": func.count()},
        date_col="registered_on",
        start=start,
        end=end,
        place=place,
        by=by,
    )


@cached_query
def survey_counts(engine: Engine, year: int) -> dict[str, int]:
    """The year's survey: associations visited, questionnaires, associations with issues."""
    s = AssociationSurvey
    stmt = select(
        func.sum(case((s.visited, 1), else_=0)),
        func.sum(case((s.questionnaire, 1), else_=0)),
        func.sum(case((s.issues_collected, 1), else_=0)),
    ).where(s.survey_year == year)
    with engine.connect() as conn:
        visited, asked, issues = conn.execute(stmt).one()
    return {
        "visited": int(visited or 0),
        "questionnaires": int(asked or 0),
        "issues_collected": int(issues or 0),
    }


def _survey_statement(columns: list[Any], year: int, place: Place) -> Select[*tuple[Any, ...]]:
    """A select over the year's survey rows of the associations of a place."""
    s = AssociationSurvey.__table__
    region = Region.__table__
    joined = s.join(_T, _T.c.id == s.c.association_id)
    if place.level == "city":
        joined = joined.join(region, region.c.adcode == _T.c.adcode)
    stmt = select(*columns).select_from(joined).where(s.c.survey_year == year)
    if place.level == "city":
        stmt = stmt.where(region.c.city_adcode == place.adcode)
    elif place.level == "county":
        stmt = stmt.where(_T.c.adcode == place.adcode)
    return stmt


@cached_query
def survey_summary(engine: Engine, year: int, place: Place) -> dict[str, int]:
    """The year's survey for the associations of a place: visited, questionnaires, issues."""
    s = AssociationSurvey.__table__
    stmt = _survey_statement(
        [
            func.sum(case((s.c.visited, 1), else_=0)),
            func.sum(case((s.c.questionnaire, 1), else_=0)),
            func.sum(case((s.c.issues_collected, 1), else_=0)),
        ],
        year,
        place,
    )
    with engine.connect() as conn:
        visited, asked, issues = conn.execute(stmt).one()
    return {
        "visited": int(visited or 0),
        "questionnaires": int(asked or 0),
        "issues_collected": int(issues or 0),
    }


@cached_query
def survey_issue_themes(engine: Engine, year: int, place: Place) -> pd.DataFrame:
    """Associations whose issues were collected in the year's survey, by issue theme."""
    s = AssociationSurvey.__table__
    theme = s.c.issue_theme.label("theme")
    stmt = _survey_statement([theme, func.count().label("associations")], year, place)
    stmt = stmt.where(s.c.issues_collected).group_by(s.c.issue_theme).order_by(s.c.issue_theme)
    with engine.connect() as conn:
        df = result_frame(conn.execute(stmt), ["theme", "associations"])
    df["associations"] = pd.to_numeric(df["associations"]).astype("int64")
    return df
