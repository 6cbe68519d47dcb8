"""Helpers of the data-intake tests: private databases with places only, files built in memory."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, create_engine, func, insert, select, text

from config import get_settings
from data_access import models as m
from data_access.engine import make_engine
from data_access.regions import load_region_registry
from data_access.schema import upgrade_schema
from tests.conftest import PG_SERVER, _pg_unavailable

VOLUNTEER_HEADER = ["地区", "服务日期", "服务领域", "服务时长（小时）", "志愿者人数"]


def fill_places(engine: Engine) -> None:
    """Create the schema and the province's places (no other data)."""
    upgrade_schema(engine)
    registry = load_region_registry(get_settings().province_adcode)
    with engine.begin() as conn:
        conn.execute(
            insert(m.Region),
            registry.astype(object).where(registry.notna(), None).to_dict("records"),
        )


def sqlite_places(path: Path) -> Engine:
    """A new SQLite file with the schema and the places."""
    engine = make_engine(f"sqlite:///{path}")
    fill_places(engine)
    return engine


@contextmanager
def empty_pg() -> Iterator[Engine]:
    """A new empty PostgreSQL database (no schema), dropped afterwards."""
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    name = f"sw_intake_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - no server
        _pg_unavailable(str(exc).splitlines()[0])
    engine = make_engine(PG_SERVER.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@contextmanager
def pg_places() -> Iterator[Engine]:
    """A new PostgreSQL database with the schema and the places, dropped afterwards."""
    with empty_pg() as engine:
        fill_places(engine)
        yield engine


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def intake_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A private database with places only, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        engine = sqlite_places(tmp_path_factory.mktemp("intake") / "intake.sqlite")
        yield engine
        engine.dispose()
    else:
        with pg_places() as engine:
            yield engine


def csv_bytes(
    rows: list[list[object]], header: list[str] | None = None, encoding: str = "utf-8"
) -> bytes:
    """A CSV file (header then rows) encoded as asked."""
    frame = pd.DataFrame(rows, columns=header or VOLUNTEER_HEADER)
    return frame.to_csv(index=False).encode(encoding)


def xlsx_bytes(cells: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    """An XLSX workbook whose first sheet holds exactly these rows (None: empty cell)."""
    book = Workbook()
    sheet = book.active
    for row in cells:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def volunteer_rows(engine: Engine, day_from: str, day_to: str) -> pd.DataFrame:
    """Stored volunteer rows between two dates."""
    table = m.VolunteerService.__table__
    stmt = select(table).where(
        table.c.service_date.between(pd.Timestamp(day_from).date(), pd.Timestamp(day_to).date())
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all())


def count(engine: Engine, model: type[m.Base]) -> int:
    """Rows in a table."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()
