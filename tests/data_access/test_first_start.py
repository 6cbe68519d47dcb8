"""A first start shows the sign-in form at once and loads the demo behind it, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from config import get_settings
from data_access import database
from data_access import models as m
from data_access.accounts import sign_in
from data_access.engine import make_engine


def _count(engine: Engine, model: type) -> int:
    """Rows of a table."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_the_demo_loads_in_the_background_and_signing_in_waits_for_it(tmp_path: Path) -> None:
    """prepare_database returns with places but no data; after the wait the demo and its
    accounts are there and the demo admin signs in."""
    engine = make_engine(f"sqlite:///{tmp_path / 'first.sqlite'}")
    database.prepare_database(engine, get_settings(), background=True)
    assert _count(engine, m.Region) > 100
    assert database.first_start_running(engine)
    assert _count(engine, m.Suggestion) == 0  # nothing half-written is visible meanwhile
    database.wait_for_first_start(engine)
    assert not database.first_start_running(engine)
    assert database.dataset_info(engine)["demo"] == "1"
    assert _count(engine, m.Suggestion) > 100_000
    assert sign_in(engine, "demo_admin", "demo-admin-2024", attempts=5, lock_minutes=15).user
    engine.dispose()


def test_a_failed_background_load_is_reported_and_leaves_no_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The waiting session gets the error; the database holds no demo rows."""

    def broken(engine: Engine, province_adcode: str) -> int:
        with engine.begin() as conn:
            conn.execute(m.DatasetInfo.__table__.insert().values(key="demo", value="1"))
            raise OSError("disk full")

    monkeypatch.setattr(database, "load_demo", broken)
    engine = make_engine(f"sqlite:///{tmp_path / 'broken.sqlite'}")
    database.prepare_database(engine, get_settings(), background=True)
    with pytest.raises(RuntimeError, match="demo data failed"):
        database.wait_for_first_start(engine)
    assert _count(engine, m.DatasetInfo) == 0
    assert _count(engine, m.UserAccount) == 0
    engine.dispose()
