"""A production install: places without the demo, imports on an empty database, the import
history within a user's scope, other provinces, and no data date in the future."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, insert, select

from config import ROOT, get_settings
from data_access import models as m
from data_access.database import prepare_database
from data_access.engine import make_engine
from data_access.intake.history import import_history, undoable_files
from data_access.intake.pipeline import import_file
from data_access.meta import dataset_facts, regions
from data_access.places import ProvinceMismatch, fill_places, holds_no_data
from data_access.schema import upgrade_schema
from tests.data_access.intake_support import csv_bytes, pg_places


def _count(engine: Engine, model: type[m.Base]) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def production(tmp_path: Path) -> Engine:
    """A new SQLite file prepared as a production first start does (DEMO_ON_EMPTY=0)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'prod.sqlite'}")
    settings = dataclasses.replace(get_settings(), demo_on_empty=False)
    prepare_database(engine, settings)
    return engine


def test_a_production_start_has_every_place_and_no_demo(production: Engine) -> None:
    places = regions.uncached(production)
    assert (places["level"] == "city").sum() == 21
    assert places["is_county_unit"].sum() == 124
    assert _count(production, m.VolunteerService) == 0
    facts = dataset_facts.uncached(production)
    assert not facts["demo"] and facts["data_as_of"] is None


def test_a_production_database_takes_an_import_on_the_command_line(
    production: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "志愿服务.csv"
    path.write_bytes(csv_bytes([["越秀区", "2024-03-01", "社区服务", 12.5, 3]]))
    url = production.url.render_as_string(hide_password=False)
    run = subprocess.run(
        [sys.executable, "cli.py", "import", "--dataset", "volunteer_service", "--file", str(path)],
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=url, DEMO_ON_EMPTY="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "新增 1 行" in run.stdout
    assert _count(production, m.VolunteerService) == 1


def test_upgrade_writes_the_places_of_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.sqlite'}"
    run = subprocess.run(
        [sys.executable, "cli.py", "upgrade"],
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    engine = make_engine(url)
    assert _count(engine, m.Region) == 1 + 21 + 122  # province, cities, counties
    assert holds_no_data(engine)


def test_a_database_with_anything_loaded_is_not_empty(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    upgrade_schema(engine)
    fill_places(engine, "440000")
    assert holds_no_data(engine)
    with engine.begin() as conn:
        conn.execute(insert(m.DatasetInfo).values(key="data_version", value="x"))
    assert not holds_no_data(engine)  # something was loaded: the demo never replaces it


def test_another_province_gets_its_places_and_a_mismatch_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'gx.sqlite'}")
    upgrade_schema(engine)
    assert fill_places(engine, "450000") > 100
    places = regions.uncached(engine)
    assert places.loc[places["level"] == "province", "name"].item() == "广西壮族自治区"
    assert (places["level"] == "city").sum() == 14
    _, result = import_file(
        engine,
        "volunteer_service",
        "gx.csv",
        csv_bytes([["南宁市青秀区", "2024-03-01", "社区服务", 5, 1]]),
        imported_by="t",
    )
    assert result.inserted == 1
    with pytest.raises(ProvinceMismatch):
        fill_places(engine, "440000")


def test_population_imported_for_counties_feeds_the_places(production: Engine) -> None:
    text = "地区,年度,常住人口（万人）\n越秀区,2023,102.5\n广州市,2023,1882.7\n"
    _, result = import_file(production, "population", "p.csv", text.encode(), imported_by="t")
    assert result.inserted == 2
    places = regions.uncached(production).set_index("adcode")
    assert places.loc["440104", "population_10k"] == pytest.approx(102.5)
    assert places.loc["440100", "population_10k"] == pytest.approx(1882.7)  # newer than census
    assert places.loc["440300", "population_10k"] == pytest.approx(1756)  # census kept


def test_the_data_date_never_lies_in_the_future(production: Engine) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with production.begin() as conn:
        conn.execute(
            insert(m.VolunteerService).values(
                adcode="440104", service_date=tomorrow, field="other", hours=1, volunteers=1
            )
        )  # written behind the importer's back
    assert dataset_facts.uncached(production)["last_day"] == dt.date.today()


def _import(engine: Engine, name: str, rows: list[list[object]], scope: str | None) -> None:
    from data_access.intake.pipeline import commit_import, prepare_import

    prepared = prepare_import(
        engine, "volunteer_service", name, csv_bytes(rows), scope_adcode=scope
    )
    commit_import(engine, prepared, imported_by=f"user-{scope}")


@pytest.mark.parametrize("database", ["sqlite", "pg"])
def test_scoped_users_see_only_their_own_places_imports(database: str, production: Engine) -> None:
    if database == "pg":
        with pg_places() as engine:
            _check_history_scope(engine)
    else:
        _check_history_scope(production)


def _check_history_scope(engine: Engine) -> None:
    _import(engine, "越秀.csv", [["越秀区", "2024-01-05", "社区服务", 1, 1]], "440104")
    _import(engine, "广州.csv", [["海珠区", "2024-01-05", "社区服务", 1, 1]], "440100")
    _import(engine, "深圳.csv", [["福田区", "2024-01-05", "社区服务", 1, 1]], "440300")
    _import(
        engine,
        "全省.csv",
        [["越秀区", "2024-01-06", "社区服务", 1, 1], ["福田区", "2024-01-06", "社区服务", 1, 1]],
        None,
    )
    _import(engine, "坏文件.csv", [["nowhere", "2024-01-05", "社区服务", 1, 1]], "440104")

    def files(scope: str | None) -> set[str]:
        return set(import_history(engine, scope_adcode=scope)["file_name"])

    assert files(None) == {"越秀.csv", "广州.csv", "深圳.csv", "全省.csv", "坏文件.csv"}
    assert files("440100") == {"越秀.csv", "广州.csv", "坏文件.csv"}
    assert files("440104") == {"越秀.csv", "坏文件.csv"}
    assert files("440300") == {"深圳.csv"}
    assert undoable_files(engine, "volunteer_service", "440300") == ["深圳.csv"]
    history = import_history(engine, "volunteer_service", scope_adcode="440104")
    assert isinstance(history, pd.DataFrame) and "imported_by" in history
