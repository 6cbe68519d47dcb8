"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

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


def _differences_from_the_models(engine: Engine) -> list[object]:
    """What the database's schema lacks or has beyond the models (Alembic's comparison)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, *_: described_by_models(name)}
        )
        return list(compare_metadata(context, Base.metadata))


def _adcode_keys(engine: Engine) -> list[dict]:
    """The foreign keys of suggestion.adcode."""
    keys = inspect(engine).get_foreign_keys("suggestion")
    return [k for k in keys if k["constrained_columns"] == ["adcode"]]


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
    assert _differences_from_the_models(engine) != []  # what the newest migration changes
    upgrade_schema(engine)
    assert stored_revisions(engine) == heads
    assert _differences_from_the_models(engine) == []


def test_suggestions_keep_their_rows_and_rollups_without_the_place_key(tmp_path: Path) -> None:
    from data_access import rollup_defs
    from data_access.intake.pipeline import import_file
    from data_access.places import fill_places

    engine = make_engine(f"sqlite:///{tmp_path / 'suggestions.sqlite'}")
    upgrade_schema(engine)
    fill_places(engine, "440000")
    header = "建议编号,征集渠道,建议类别,征集层级,地区,收到日期,受理日期,办结日期,是否采纳,满意度\n"
    data = header + (
        "S-1,12345热线,民生保障,市级,越秀区,2024-03-01,2024-03-05,2024-04-10,是,5\n"
        "S-2,12345热线,民生保障,县级,海珠区,2024-03-02,,,否,\n"
    )
    import_file(engine, "suggestion", "s1.csv", data.encode(), imported_by="t")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0019_import_place_day_by_import")
    assert _adcode_keys(engine)

    def stored() -> list[tuple]:
        with engine.connect() as conn:
            return conn.execute(text("SELECT * FROM suggestion ORDER BY id")).all()

    before = stored()
    upgrade_schema(engine)
    assert _adcode_keys(engine) == [] and stored() == before
    more = header + "S-3,信访渠道,社会治理,市级,天河区,2024-03-03,2024-03-04,,,\n"
    _, done = import_file(engine, "suggestion", "s2.csv", more.encode(), imported_by="t")
    assert done.inserted == 1
    with engine.connect() as conn:
        assert rollup_defs.mismatches(conn) == {}
        received = conn.execute(text("SELECT SUM(received) FROM suggestion_month_channel"))
        assert received.scalar_one() == 3  # the triggers are back: S-3 counted


def test_record_files_from_before_get_their_place_days(tmp_path: Path) -> None:
    from data_access.intake.pipeline import import_file
    from data_access.places import fill_places

    engine = make_engine(f"sqlite:///{tmp_path / 'records.sqlite'}")
    upgrade_schema(engine)
    fill_places(engine, "440000")
    data = (
        "记录编号,志愿者编号,地区,服务日期,服务领域,服务时长（小时）\n"
        "R-1,V-1,440103,2024-11-12,社区服务,2.5\nR-2,V-2,440103,2024-11-12,社区服务,1\n"
        "R-3,V-1,440104,2024-11-20,医疗卫生,3\n"
    ).encode()
    _, done = import_file(engine, "volunteer_record", "r.csv", data, imported_by="t")
    with engine.begin() as conn:  # as an import written before the record writer kept them
        conn.execute(text("DELETE FROM import_place_day"))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018_import_place_day")  # before 0019 filled them in
    upgrade_schema(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT import_id, adcode, day FROM import_place_day")).all()
    assert sorted((i, a, str(d)) for i, a, d in rows) == [
        (done.import_id, "440103", "2024-11-12"),
        (done.import_id, "440104", "2024-11-20"),
    ]
