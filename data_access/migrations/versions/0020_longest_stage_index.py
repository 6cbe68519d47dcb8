"""The day counts by stage and days, so the longest stage is one index step.

The open-item queries bound later finish dates by the most days any item took to acceptance
and to conclusion (suggestion_rollups.longest_stages); without this index each page read
every row of suggestion_days_month for those two numbers. A SQLite file analysed before
gets the new index's statistics too: with the table's old ones and none for the index, the
planner took the index for the month-range queries of the same table (0.7 s at 10 M).

Revision ID: 0020_longest_stage_index
Revises: 0019_import_place_day_by_import
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_longest_stage_index"
down_revision = "0019_import_place_day_by_import"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index(
        "ix_suggestion_days_month_stage_days", "suggestion_days_month", ["stage", "days"]
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and sa.inspect(bind).has_table("sqlite_stat1"):
        op.execute("ANALYZE suggestion_days_month")


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_suggestion_days_month_stage_days", table_name="suggestion_days_month")
