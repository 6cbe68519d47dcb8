"""No foreign key on suggestion.adcode: the importer checks every place before it writes.

A suggestion's place comes from `PlaceIndex.resolve`, which answers only adcodes of the
region table (any other cell is refused with a reason), or is kept from the stored row; the
region table only grows (`places.fill_places` inserts). On PostgreSQL the key's check per
row was about half of the insert of a big file. volunteer_record has had no key for the same
reason. SQLite rebuilds the table without the key (its rollup triggers are put back after).

Revision ID: 0020_suggestion_adcode_unchecked
Revises: 0019_import_place_day_by_import
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from data_access import rollup_defs

revision = "0020_suggestion_adcode_unchecked"
down_revision = "0019_import_place_day_by_import"
branch_labels = None
depends_on = None
TABLE = "suggestion"
NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s"}  # SQLite's key has no name of its own
SQLITE_KEY = "fk_suggestion_adcode"
PG_KEY = "suggestion_adcode_fkey"


def _adcode_key(bind: sa.Connection) -> str | None:
    """The name of the foreign key on suggestion.adcode (None: there is none)."""
    for key in sa.inspect(bind).get_foreign_keys(TABLE):
        if key["constrained_columns"] == ["adcode"]:
            return key.get("name") or SQLITE_KEY
    return None


def _sqlite_rebuild(bind: sa.Connection, change: str) -> None:
    """SQLite: rebuild the table with or without the key, its rollup triggers around it."""
    for operation in ("insert", "update", "delete"):
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TABLE}_rollups_{operation}")
    with op.batch_alter_table(TABLE, recreate="always", naming_convention=NAMES) as batch:
        if change == "drop":
            batch.drop_constraint(SQLITE_KEY, type_="foreignkey")
        else:
            batch.create_foreign_key(SQLITE_KEY, "region", ["adcode"], ["adcode"])
    for statement in rollup_defs.trigger_ddl("sqlite", (TABLE,)):
        bind.exec_driver_sql(statement)


def upgrade() -> None:
    """Drop the foreign key."""
    bind = op.get_bind()
    name = _adcode_key(bind)
    if name is None:
        return
    if bind.dialect.name == "sqlite":
        _sqlite_rebuild(bind, "drop")
    else:
        op.drop_constraint(name, TABLE, type_="foreignkey")


def downgrade() -> None:
    """Put the foreign key back."""
    bind = op.get_bind()
    if _adcode_key(bind) is not None:
        return
    if bind.dialect.name == "sqlite":
        _sqlite_rebuild(bind, "create")
    else:
        op.create_foreign_key(PG_KEY, TABLE, "region", ["adcode"], ["adcode"])
