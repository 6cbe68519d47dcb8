"""volunteer_record partitioned by month on PostgreSQL, one source id kept by a key table.

Revision ID: 0016_record_partitions
Revises: 0015_accepted_rollup

SQLite keeps its one plain table (this revision does nothing there). On PostgreSQL the table
is rebuilt as a range-partitioned table (a partition a month, plus a default partition), its
rows copied over, and `volunteer_record_key` (source_id primary key) kept in step by
statement-level triggers; see data_access/record_partitions.py.
"""

from __future__ import annotations

from alembic import op

from data_access.record_partitions import DEFAULT_PARTITION, KEY_TABLE, PARENT

revision = "0016_record_partitions"
down_revision = "0015_accepted_rollup"
branch_labels = None
depends_on = None

_COLUMNS = (
    "source_id varchar(40) NOT NULL, volunteer_id varchar(64) NOT NULL, "
    "adcode varchar(6) NOT NULL, service_date date NOT NULL, field varchar(20) NOT NULL, "
    "hours double precision NOT NULL, import_id integer"
)
_NAMES = "source_id, volunteer_id, adcode, service_date, field, hours, import_id"

KEY_TRIGGERS = f"""
CREATE FUNCTION {KEY_TABLE}_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO {KEY_TABLE} (source_id, service_date)
      SELECT source_id, service_date FROM new_rows; RETURN NULL; END $$;
CREATE FUNCTION {KEY_TABLE}_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN DELETE FROM {KEY_TABLE} k USING old_rows o WHERE k.source_id = o.source_id;
      RETURN NULL; END $$;
CREATE FUNCTION {KEY_TABLE}_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o FULL JOIN new_rows n USING (source_id)
             WHERE o.source_id IS NULL OR n.source_id IS NULL) THEN
    RAISE EXCEPTION 'a volunteer record''s source id cannot be changed';
  END IF;
  UPDATE {KEY_TABLE} k SET service_date = n.service_date FROM new_rows n
   WHERE k.source_id = n.source_id AND k.service_date <> n.service_date;
  RETURN NULL; END $$;
CREATE TRIGGER {KEY_TABLE}_on_insert AFTER INSERT ON {PARENT}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {KEY_TABLE}_insert();
CREATE TRIGGER {KEY_TABLE}_on_delete AFTER DELETE ON {PARENT}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {KEY_TABLE}_delete();
CREATE TRIGGER {KEY_TABLE}_on_update AFTER UPDATE ON {PARENT}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {KEY_TABLE}_update();
"""


def upgrade() -> None:
    """Apply this revision."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {PARENT} RENAME TO {PARENT}_plain")
    op.execute(f"ALTER INDEX ix_{PARENT}_import_id RENAME TO ix_{PARENT}_plain_import_id")
    op.execute(f"CREATE TABLE {PARENT} ({_COLUMNS}) PARTITION BY RANGE (service_date)")
    op.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {PARENT} DEFAULT")
    op.execute(f"CREATE INDEX ix_{PARENT}_import_id ON {PARENT} (import_id)")
    op.execute(f"CREATE INDEX ix_{PARENT}_source_id ON {PARENT} (source_id)")
    op.execute(
        f"CREATE TABLE {KEY_TABLE} (source_id varchar(40) PRIMARY KEY, service_date date NOT NULL)"
    )
    op.execute(KEY_TRIGGERS)
    op.execute(
        f"""DO $$ DECLARE m date; BEGIN
        FOR m IN SELECT DISTINCT date_trunc('month', service_date)::date FROM {PARENT}_plain
        LOOP EXECUTE format('CREATE TABLE {PARENT}_p%s PARTITION OF {PARENT} '
                            'FOR VALUES FROM (%L) TO (%L)',
                            to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
        END LOOP; END $$"""
    )
    op.execute(f"INSERT INTO {PARENT} ({_NAMES}) SELECT {_NAMES} FROM {PARENT}_plain")
    op.execute(f"DROP TABLE {PARENT}_plain")


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE TABLE {PARENT}_plain ({_COLUMNS}, PRIMARY KEY (source_id))")
    op.execute(f"INSERT INTO {PARENT}_plain ({_NAMES}) SELECT {_NAMES} FROM {PARENT}")
    op.execute(f"DROP TABLE {PARENT} CASCADE")
    op.execute(f"DROP TABLE {KEY_TABLE}")
    for what in ("insert", "delete", "update"):
        op.execute(f"DROP FUNCTION {KEY_TABLE}_{what}()")
    op.execute(f"ALTER TABLE {PARENT}_plain RENAME TO {PARENT}")
    op.execute(f"CREATE INDEX ix_{PARENT}_import_id ON {PARENT} (import_id)")
