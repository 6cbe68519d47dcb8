"""Key tasks (重点任务): the milestones of a place and the places in it, with the city of each."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, or_, select

from data_access.aggregate import Place
from data_access.cache import cached_query
from data_access.frames import tuples_frame
from data_access.models import KeyTaskMilestone, Region

_K = KeyTaskMilestone.__table__
COLUMNS = ["task", "adcode", "milestone", "lead_office", "due_on", "done_on", "city_adcode"]


@cached_query
def milestones(engine: Engine, place: Place) -> pd.DataFrame:
    """Every key-task milestone of a place and the places within it (a city: its counties and
    its own rows; a county: its own), ordered by task, place and due date."""
    region = Region.__table__
    stmt = (
        select(
            _K.c.task,
            _K.c.adcode,
            _K.c.milestone,
            _K.c.lead_office,
            _K.c.due_on,
            _K.c.done_on,
            region.c.city_adcode,
        )
        .select_from(_K.join(region, region.c.adcode == _K.c.adcode))
        .order_by(_K.c.task, _K.c.adcode, _K.c.due_on, _K.c.milestone)
    )
    if place.level == "city":
        stmt = stmt.where(or_(region.c.city_adcode == place.adcode, _K.c.adcode == place.adcode))
    elif place.level == "county":
        stmt = stmt.where(_K.c.adcode == place.adcode)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return tuples_frame(rows, COLUMNS).astype({"done_on": object})
