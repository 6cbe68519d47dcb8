"""Clearing the demo data: facts and demo accounts go, places and real accounts stay."""

import shutil
from pathlib import Path

from sqlalchemy import Engine, func, select

from data_access.accounts import create_user, list_users
from data_access.dataset_reset import clear_demo
from data_access.engine import make_engine
from data_access.meta import dataset_facts
from data_access.models import Region, Suggestion, VolunteerService


def test_clear_demo_keeps_places_and_real_admins(sqlite_engine: Engine, tmp_path: Path) -> None:
    source = sqlite_engine.url.database
    copy = tmp_path / "copy.sqlite"
    with sqlite_engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(source, copy)
    engine = make_engine(f"sqlite:///{copy}")
    create_user(engine, "reset_chief", "Long-secret-2024", "admin")
    clear_demo(engine, by="reset_chief")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Suggestion)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(VolunteerService)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(Region)).scalar_one() == 144
    names = {u.username for u in list_users(engine)}
    assert "reset_chief" in names
    assert not names & {"demo_admin", "demo_editor", "demo_viewer", "gz_viewer"}
    assert dataset_facts.uncached(engine)["demo"] is False
