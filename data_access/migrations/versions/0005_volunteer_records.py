"""Raw volunteer service records (volunteer_service becomes their rollup); suggestion indexes.

Revision ID: 0005_volunteer_records
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_volunteer_records"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "volunteer_record",
        sa.Column("source_id", sa.String(length=40), nullable=False),
        sa.Column("volunteer_id", sa.String(length=64), nullable=False),
        sa.Column("adcode", sa.String(length=6), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("source_id"),
    )
    with op.batch_alter_table("volunteer_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_record_import_id"), ["import_id"], unique=False
        )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index("ix_suggestion_accepted", ["accepted_on"], unique=False)
        batch_op.create_index("ix_suggestion_concluded", ["concluded_on"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index("ix_suggestion_concluded")
        batch_op.drop_index("ix_suggestion_accepted")
    with op.batch_alter_table("volunteer_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_record_import_id"))
    op.drop_table("volunteer_record")
