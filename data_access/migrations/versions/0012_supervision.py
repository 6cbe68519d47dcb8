"""Supervision targets (督办目标): place × indicator × period × target value and direction.

Revision ID: 0012_supervision
Revises: 0011_accounts_admin
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_supervision"
down_revision = "0011_accounts_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "supervision_target",
        sa.Column("adcode", sa.String(length=6), sa.ForeignKey("region.adcode"), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("adcode", "indicator", "period"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("supervision_target")
