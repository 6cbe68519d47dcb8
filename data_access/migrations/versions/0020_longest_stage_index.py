"""The day counts by stage and days, so the longest stage is one index step.

The open-item queries bound later finish dates by the most days any item took to acceptance
and to conclusion (suggestion_rollups.longest_stages); without this index each page read
every row of suggestion_days_month for those two numbers.

Revision ID: 0020_longest_stage_index
Revises: 0019_import_place_day_by_import
"""

from __future__ import annotations

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


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_suggestion_days_month_stage_days", table_name="suggestion_days_month")
