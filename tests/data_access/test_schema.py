"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from data_access.engine import make_engine
from data_access.models import Base
from data_access.record_partitions import described_by_models
from data_access.schema import has_schema, upgrade_schema


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, *_: described_by_models(name)}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_on_a_new_file(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    assert not has_schema(engine)
    upgrade_schema(engine)
    upgrade_schema(engine)
    assert {"region", "suggestion", "volunteer_service", "import_log"} <= set(
        inspect(engine).get_table_names()
    )
