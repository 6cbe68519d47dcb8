"""Population as an imported dataset; the places and scope of every import.

Revision ID: 0010_intake_golive
Revises: 0006_monthly_rollups
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_intake_golive"
down_revision = "0006_monthly_rollups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "population",
        sa.Column("adcode", sa.String(length=6), sa.ForeignKey("region.adcode"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("residents_10k", sa.Float(), nullable=False),
        sa.Column("urban_residents_10k", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("adcode", "year"),
    )
    op.create_table(
        "import_place",
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("import_log.id"), nullable=False),
        sa.Column("adcode", sa.String(length=6), nullable=False),
        sa.Column("city_adcode", sa.String(length=6), nullable=True),
        sa.PrimaryKeyConstraint("import_id", "adcode"),
    )
    op.create_index("ix_import_place_city_adcode", "import_place", ["city_adcode"])
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope_adcode", sa.String(length=6), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.drop_column("scope_adcode")
    op.drop_index("ix_import_place_city_adcode", table_name="import_place")
    op.drop_table("import_place")
    op.drop_table("population")
