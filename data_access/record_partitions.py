"""Monthly partitions of volunteer_record on PostgreSQL, and dropping old months of records.

On PostgreSQL `volunteer_record` is partitioned by month of `service_date` (declarative
range partitioning, one table `volunteer_record_pYYYYMM` a month, and a default partition
that catches a month without its own). A partitioned table's unique keys must contain the
partition column, so the one-record-one-source-id rule is kept by `volunteer_record_key`
(source_id primary key, service_date), which statement-level triggers with transition tables
keep in step on every insert (COPY included), update and delete: a record sent again with
another date still collides, and the importer's fast path still sees it. SQLite has one
plain table. The daily and monthly rollups keep the totals of dropped months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, text

PARENT = "volunteer_record"
KEY_TABLE = "volunteer_record_key"
DEFAULT_PARTITION = "volunteer_record_default"
_LOCK = 74_231_002  # advisory lock: one session creates or drops partitions at a time


def partition_name(month: dt.date) -> str:
    """The partition table of a month, e.g. volunteer_record_p202403."""
    return f"{PARENT}_p{month:%Y%m}"


def is_partition_table(name: str) -> bool:
    """True for the monthly and default partition tables (not described by the models)."""
    return name == DEFAULT_PARTITION or (
        name.startswith(f"{PARENT}_p") and name[len(PARENT) + 2 :].isdigit()
    )


# On PostgreSQL, besides the partitions: the key table and the source-id index of the
# partitioned table, which the models (one plain table, source_id its key) do not describe.
PG_ONLY = frozenset({KEY_TABLE, f"ix_{PARENT}_source_id"})


def described_by_models(name: str | None) -> bool:
    """False for the PostgreSQL-only partition structures (schema comparison leaves them out)."""
    return name is None or not (name in PG_ONLY or is_partition_table(name))


def month_start(day: dt.date) -> dt.date:
    """The first day of the day's month."""
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after."""
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def is_partitioned(conn: Connection) -> bool:
    """True when volunteer_record is a partitioned table (PostgreSQL after 0015)."""
    if conn.dialect.name != "postgresql":
        return False
    kind = conn.execute(
        text("SELECT relkind FROM pg_class WHERE oid = to_regclass(:t)"), {"t": PARENT}
    ).scalar()
    return kind == "p"


def existing_months(conn: Connection) -> set[dt.date]:
    """The months that have a partition of their own."""
    names = conn.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(:t)"
        ),
        {"t": PARENT},
    ).scalars()
    months = set()
    for name in names:
        if name != DEFAULT_PARTITION:
            digits = name[len(PARENT) + 2 :]
            months.add(dt.date(int(digits[:4]), int(digits[4:]), 1))
    return months


def create_month_partitions(conn: Connection, days: Iterable[dt.date]) -> list[dt.date]:
    """Create the partitions of the months of these days that lack one; return those made.

    A month whose rows already sit in the default partition keeps them there (a partition
    cannot be created over rows of the default), so nothing is ever misplaced or lost.
    """
    if not is_partitioned(conn):
        return []
    wanted = {month_start(d) for d in days}
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
    made = []
    for month in sorted(wanted - existing_months(conn)):
        end = next_month(month)
        in_default = conn.execute(
            text(
                f"SELECT 1 FROM {DEFAULT_PARTITION} "
                "WHERE service_date >= :a AND service_date < :b LIMIT 1"
            ),
            {"a": month, "b": end},
        ).first()
        if in_default:
            continue
        conn.execute(
            text(
                f"CREATE TABLE {partition_name(month)} PARTITION OF {PARENT} "
                f"FOR VALUES FROM ('{month.isoformat()}') TO ('{end.isoformat()}')"
            )
        )
        made.append(month)
    return made


def ensure_month_partitions(engine: Engine, days: Iterable[dt.date]) -> list[dt.date]:
    """Create missing monthly partitions in a short transaction of their own (PostgreSQL)."""
    if engine.dialect.name != "postgresql":
        return []
    days = list(days)
    with engine.begin() as conn:
        return create_month_partitions(conn, days)


def drop_months_before(engine: Engine, first_kept: dt.date) -> tuple[int, int]:
    """Drop the monthly partitions of records before a month (retention): (months, records).

    The rollups (daily and monthly totals) keep the figures of the dropped months; only the
    raw records go, with their keys. Raw records of those months in the default partition
    are deleted the same way. Returns the number of monthly partitions dropped and of records.
    """
    first_kept = month_start(first_kept)
    with engine.begin() as conn:
        if not is_partitioned(conn):
            raise ValueError("volunteer_record is not partitioned (PostgreSQL only)")
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
        old = sorted(m for m in existing_months(conn) if m < first_kept)
        records = 0
        for month in old:
            name = partition_name(month)
            records += conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()
            conn.execute(text(f"ALTER TABLE {PARENT} DETACH PARTITION {name}"))
            conn.execute(text(f"DROP TABLE {name}"))
        conn.execute(text(f"DELETE FROM {KEY_TABLE} WHERE service_date < :d"), {"d": first_kept})
        # Rows of those months in the default partition (their keys went just above).
        records += conn.execute(
            text(f"DELETE FROM {DEFAULT_PARTITION} WHERE service_date < :d"), {"d": first_kept}
        ).rowcount
        return len(old), int(records)
