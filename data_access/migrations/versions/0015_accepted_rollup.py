"""Suggestions accepted per month and county unit, and how many within the acceptance limit
(rollup kept by the triggers, for the target indicator 建议按时受理率).

Revision ID: 0015_accepted_rollup
Revises: 0014_key_tasks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from data_access import rollup_defs

revision = "0015_accepted_rollup"
down_revision = "0014_key_tasks"
branch_labels = None
depends_on = None
TABLE = "suggestion_accepted_month"


def upgrade() -> None:
    """Create the rollup, put the triggers back with it, and fill it from the facts."""
    op.create_table(
        TABLE,
        sa.Column("adcode", sa.String(length=6), nullable=False),
        sa.Column("month_start", sa.Date(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("on_time", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month_start", "adcode"),
    )
    bind = op.get_bind()
    dialect = bind.dialect.name
    for statement in rollup_defs.drop_trigger_ddl(dialect) + rollup_defs.trigger_ddl(dialect):
        bind.exec_driver_sql(statement)
    rollup_defs.rebuild(bind, {TABLE})


def downgrade() -> None:
    """Put the triggers back without the rollup and drop it."""
    bind = op.get_bind()
    dialect = bind.dialect.name
    live = tuple(r for r in rollup_defs.ROLLUPS if r.table != TABLE)
    for statement in rollup_defs.drop_trigger_ddl(dialect) + rollup_defs.trigger_ddl(
        dialect, rollups=live
    ):
        bind.exec_driver_sql(statement)
    op.drop_table(TABLE)
