"""Key tasks (重点任务): one row per task × place × milestone with due and done dates.

Revision ID: 0014_key_tasks
Revises: 0013_sessions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_key_tasks"
down_revision = "0013_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "key_task_milestone",
        sa.Column("task", sa.String(length=120), nullable=False),
        sa.Column("adcode", sa.String(length=6), sa.ForeignKey("region.adcode"), nullable=False),
        sa.Column("milestone", sa.String(length=120), nullable=False),
        sa.Column("lead_office", sa.String(length=80), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("task", "adcode", "milestone"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("key_task_milestone")
