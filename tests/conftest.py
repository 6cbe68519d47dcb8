"""Shared fixtures: a demo-filled SQLite file and a demo-filled PostgreSQL database."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Point the app at a private data folder before anything reads the settings.
TEST_DATA_DIR = Path(tempfile.mkdtemp(prefix="social_work_tests_"))
os.environ["SOCIAL_WORK_DATA_DIR"] = str(TEST_DATA_DIR)
os.environ.pop("DATABASE_URL", None)

from sqlalchemy import Engine, create_engine, text  # noqa: E402

from config import ROOT, get_settings  # noqa: E402
from data_access.database import prepare_database  # noqa: E402
from data_access.demo_data import load_demo  # noqa: E402
from data_access.engine import make_engine  # noqa: E402
from data_access.schema import upgrade_schema  # noqa: E402

PG_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SHARED_FACTS = ROOT.parent / "shared" / "facts.json"


def published_facts() -> dict:
    """The published figures: shared/facts.json beside the checkout, else the bundled copy."""
    path = SHARED_FACTS if SHARED_FACTS.exists() else ROOT / "assets/demo/published_figures.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sqlite_engine() -> Engine:
    """The app's default SQLite file, prepared the way the first start prepares it."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    prepare_database(engine, settings)
    return engine


def _pg_unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where PostgreSQL must be tested."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL required in CI: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A fresh empty database on the PostgreSQL server, dropped after the session."""
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    name = f"sw_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means no server
        _pg_unavailable(str(exc).splitlines()[0])
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_engine(pg_server: str) -> Iterator[Engine]:
    """The PostgreSQL test database with the schema and the demo data."""
    engine = make_engine(pg_server)
    upgrade_schema(engine)
    load_demo(engine, get_settings().province_adcode)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "pg"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each database the dashboard supports, filled with the demo data."""
    return request.getfixturevalue(f"{request.param}_engine")
