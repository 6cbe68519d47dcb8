"""The demo generator: deterministic, within the published dates, places all known."""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.accounts import ensure_demo_accounts
from data_access.demo_data import allocate, generate, load_demo
from data_access.engine import make_engine
from data_access.meta import dataset_facts
from data_access.models import DatasetInfo, Department, Region, UserAccount, VolunteerService
from data_access.schema import upgrade_schema


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


def test_another_province_gets_a_demo_on_its_own_places(tmp_path: Path) -> None:
    """Guangxi has no census figures in the package: its demo is weighted evenly and loads."""
    engine = make_engine(f"sqlite:///{tmp_path / 'gx.sqlite'}")
    upgrade_schema(engine)
    assert load_demo(engine, "450000") > 0
    assert load_demo(engine, "450000") > 0  # a second load replaces the first
    with engine.connect() as conn:
        cities = conn.execute(select(Region.name).where(Region.level == "city")).scalars().all()
        outside = conn.execute(
            select(func.count())
            .select_from(VolunteerService)
            .where(~VolunteerService.adcode.like("45%"))
        ).scalar_one()
        demo = conn.execute(select(DatasetInfo.value).where(DatasetInfo.key == "demo")).scalar()
    assert len(cities) == 14 and "南宁市" in cities
    assert outside == 0
    assert demo == "1"
    assert dataset_facts(engine)["demo_borrowed_figures"]  # the banner says whose totals
    ensure_demo_accounts(engine)
    with engine.connect() as conn:
        names = set(conn.execute(select(UserAccount.username)).scalars())
    assert "demo_admin" in names and "gz_viewer" not in names  # no account scoped to 广州市


def test_the_guangdong_demo_uses_its_own_figures(sqlite_engine: Engine) -> None:
    assert dataset_facts(sqlite_engine)["demo"]
    assert not dataset_facts(sqlite_engine)["demo_borrowed_figures"]
