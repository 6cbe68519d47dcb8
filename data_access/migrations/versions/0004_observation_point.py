"""Burden-reduction observation points (减负观测点).

Revision ID: 0004_observation_point
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_observation_point"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "observation_point",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("adcode", sa.String(length=6), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("plaques_before", sa.Integer(), nullable=True),
        sa.Column("plaques_now", sa.Integer(), nullable=True),
        sa.Column("mechanisms_before", sa.Integer(), nullable=True),
        sa.Column("mechanisms_now", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["adcode"], ["region.adcode"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id"),
    )
    with op.batch_alter_table("observation_point", schema=None) as batch_op:
        batch_op.create_index("ix_observation_point_adcode", ["adcode"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("observation_point", schema=None) as batch_op:
        batch_op.drop_index("ix_observation_point_adcode")
    op.drop_table("observation_point")
