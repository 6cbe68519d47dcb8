"""volunteer_record on PostgreSQL: a partition a month, one source id across all months,
old months dropped with their totals kept in the rollups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from data_access import record_partitions
from data_access.intake.pipeline import import_file
from data_access.intake.undo import undo_last_import
from tests.data_access.intake_support import pg_places
from tests.data_access.test_volunteer_rollup import (
    HEADER,
    as_bytes,
    assert_rollup_matches,
    records_csv,
)


@pytest.fixture()
def pg() -> Iterator[Engine]:
    """A new PostgreSQL database with the schema and the places."""
    with pg_places() as engine:
        yield engine


def _where(engine: Engine) -> dict[str, int]:
    """Records per partition table."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT tableoid::regclass::text, COUNT(*) FROM volunteer_record GROUP BY 1")
        ).all()
    return dict(rows)  # type: ignore[arg-type]  # rows of two columns


def _scalar(engine: Engine, sql: str) -> object:
    """One value."""
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_records_land_in_their_months_partitions(pg: Engine) -> None:
    records = records_csv(2000, seed=7)  # 90 days from 2024-01-01: January to March
    _, done = import_file(pg, "volunteer_record", "三个月.csv", as_bytes(records), imported_by="t")
    assert done.inserted == 2000
    months = records[HEADER[3]].str[:7].value_counts()
    expected = {f"volunteer_record_p{m.replace('-', '')}": int(n) for m, n in months.items()}
    assert _where(pg) == expected
    assert _scalar(pg, "SELECT COUNT(*) FROM volunteer_record_key") == 2000
    assert_rollup_matches(pg)


def test_a_record_sent_again_with_another_date_moves_and_is_not_counted_twice(
    pg: Engine,
) -> None:
    records = records_csv(300, seed=8)
    import_file(pg, "volunteer_record", "记录.csv", as_bytes(records), imported_by="t")
    moved = records.copy()
    moved.loc[:9, HEADER[3]] = "2024-06-15"  # ten records moved to a month of their own
    _, again = import_file(pg, "volunteer_record", "记录.csv", as_bytes(moved), imported_by="t")
    assert (again.inserted, again.updated) == (0, 10)
    assert _where(pg)["volunteer_record_p202406"] == 10
    assert _scalar(pg, "SELECT COUNT(*) FROM volunteer_record") == 300
    assert _scalar(pg, "SELECT COUNT(*) FROM volunteer_record_key") == 300
    assert (
        _scalar(
            pg,
            "SELECT COUNT(*) FROM volunteer_record_key WHERE service_date = '2024-06-15'",
        )
        == 10
    )
    assert_rollup_matches(pg)
    undo_last_import(pg, "记录.csv", undone_by="admin")  # back to the first file's dates
    assert "volunteer_record_p202406" not in _where(pg)
    assert (
        _scalar(pg, "SELECT COUNT(*) FROM volunteer_record_key WHERE service_date = '2024-06-15'")
        == 0
    )
    assert_rollup_matches(pg)


def test_one_source_id_across_months_is_refused_by_the_database(pg: Engine) -> None:
    import_file(
        pg, "volunteer_record", "一条.csv", as_bytes(records_csv(1, seed=9)), imported_by="t"
    )
    with pytest.raises(IntegrityError, match="volunteer_record_key"), pg.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO volunteer_record (source_id, volunteer_id, adcode, service_date, "
                "field, hours) VALUES ('R0000000', 'V1', '440103', '2024-11-11', 'community', 1)"
            )
        )
    assert _scalar(pg, "SELECT COUNT(*) FROM volunteer_record") == 1


def test_undo_removes_the_records_and_their_keys(pg: Engine) -> None:
    import_file(
        pg, "volunteer_record", "撤销.csv", as_bytes(records_csv(500, seed=10)), imported_by="t"
    )
    undo_last_import(pg, "撤销.csv", undone_by="admin")
    assert _scalar(pg, "SELECT COUNT(*) FROM volunteer_record") == 0
    assert _scalar(pg, "SELECT COUNT(*) FROM volunteer_record_key") == 0


def test_dropping_old_months_keeps_their_totals_in_the_rollups(pg: Engine) -> None:
    records = records_csv(1500, seed=11)
    import_file(pg, "volunteer_record", "保留.csv", as_bytes(records), imported_by="t")
    q1_hours = _scalar(pg, "SELECT SUM(hours) FROM volunteer_service")
    january = int((records[HEADER[3]] < "2024-02-01").sum())
    months, gone = record_partitions.drop_months_before(pg, dt.date(2024, 2, 1))
    assert (months, gone) == (1, january)
    assert "volunteer_record_p202401" not in _where(pg)
    assert _scalar(pg, "SELECT COUNT(*) FROM volunteer_record_key") == 1500 - january
    assert _scalar(pg, "SELECT SUM(hours) FROM volunteer_service") == q1_hours
    assert_rollup_matches(pg)  # the months still held agree with their facts


def test_a_month_already_in_the_default_partition_stays_there(pg: Engine) -> None:
    with pg.begin() as conn:  # a writer that did not create the month's partition first
        conn.execute(
            text(
                "INSERT INTO volunteer_record (source_id, volunteer_id, adcode, service_date, "
                "field, hours) VALUES ('X1', 'V1', '440103', '2023-07-01', 'community', 2)"
            )
        )
    assert record_partitions.ensure_month_partitions(pg, [dt.date(2023, 7, 9)]) == []
    assert record_partitions.ensure_month_partitions(pg, [dt.date(2023, 8, 9)]) == [
        dt.date(2023, 8, 1)
    ]
    assert _where(pg) == {"volunteer_record_default": 1}


def test_sqlite_keeps_one_plain_table(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert not record_partitions.is_partitioned(conn)
    assert record_partitions.ensure_month_partitions(sqlite_engine, [dt.date(2024, 1, 1)]) == []


def test_the_migration_moves_stored_records_into_partitions_and_back() -> None:
    from alembic import command

    from data_access.schema import alembic_config
    from tests.data_access.intake_support import empty_pg

    with empty_pg() as engine:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0015_accepted_rollup")
            conn.execute(
                text(
                    "INSERT INTO volunteer_record (source_id, volunteer_id, adcode, service_date,"
                    " field, hours) VALUES ('A', 'V', '440103', '2024-01-05', 'community', 1),"
                    " ('B', 'V', '440103', '2024-03-05', 'community', 2)"
                )
            )
            command.upgrade(cfg, "0016_record_partitions")
        assert _where(engine) == {"volunteer_record_p202401": 1, "volunteer_record_p202403": 1}
        assert _scalar(engine, "SELECT COUNT(*) FROM volunteer_record_key") == 2
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0015_accepted_rollup")
        assert _where(engine) == {"volunteer_record": 2}
