"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from data_access.engine import make_engine
from data_access.models import Base
from data_access.record_partitions import described_by_models
from data_access.schema import (
    alembic_config,
    has_schema,
    migration_heads,
    stored_revisions,
    upgrade_schema,
)


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


def test_a_database_at_the_heads_is_recognised_without_alembic(engine: Engine) -> None:
    # The command line skips loading Alembic when the stored revisions are the files' heads.
    assert migration_heads() == stored_revisions(engine)


def test_a_database_one_migration_behind_is_upgraded(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'behind.sqlite'}")
    upgrade_schema(engine)
    heads = migration_heads()
    assert heads is not None
    latest = max(heads)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, f"{latest}@-1")
    assert stored_revisions(engine) != heads
    assert "import_place_day" not in inspect(engine).get_table_names()
    upgrade_schema(engine)
    assert stored_revisions(engine) == heads
    assert "import_place_day" in inspect(engine).get_table_names()
