"""Account administration (county scope, disabled, forced password change); security log.

Revision ID: 0011_accounts_admin
Revises: 0010_intake_golive
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_accounts_admin"
down_revision = "0010_intake_golive"
branch_labels = None
depends_on = ("0003_accounts",)  # the user_account table it changes


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column(
            "city_adcode",
            new_column_name="scope_adcode",
            existing_type=sa.String(length=6),
            existing_nullable=True,
        )
        batch_op.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "security_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=True),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_security_event_at", "security_event", ["at"])
    op.create_index("ix_security_event_username", "security_event", ["username"])
    op.create_index("ix_security_event_event", "security_event", ["event"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("security_event")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("disabled")
        batch_op.alter_column("scope_adcode", new_column_name="city_adcode")
