"""The demo generator: deterministic, within the published dates, places all known."""

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.demo_data import allocate, generate
from data_access.models import Department, Region, VolunteerService


def test_allocate_sums_exactly() -> None:
    parts = allocate(412_358, np.array([3.0, 1.0, 2.5, 0.1]))
    assert parts.sum() == 412_358 and (parts >= 0).all()


def test_generation_is_deterministic() -> None:
    a, b = generate("440000"), generate("440000")
    for table in ("suggestion", "plaque_removal", "association"):
        pd.testing.assert_frame_equal(pd.DataFrame(a[table]), pd.DataFrame(b[table]))


def test_departments_formed_between_founding_and_end_of_july(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(Department.established_on), func.max(Department.established_on))
        ).one()
    assert first == dt.date(2024, 1, 18) and last == dt.date(2024, 7, 31)


def test_every_volunteer_record_is_on_a_county_unit(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        stray = conn.execute(
            select(func.count())
            .select_from(VolunteerService)
            .join(Region, Region.adcode == VolunteerService.adcode)
            .where(Region.is_county_unit.is_(False))
        ).scalar_one()
    assert stray == 0
