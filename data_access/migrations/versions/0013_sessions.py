"""Server-side sign-in sessions: a hash of each browser's token, revocable, idle expiry.

Revision ID: 0013_sessions
Revises: 0012_supervision
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_sessions"
down_revision = "0012_supervision"
branch_labels = None
depends_on = ("0011_accounts_admin",)  # the user_account table it points to


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("claim_hash", sa.String(length=64), nullable=True),
        sa.Column("claim_expires_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_reason", sa.String(length=40), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_user_session_token"),
        sa.UniqueConstraint("claim_hash", name="uq_user_session_claim"),
    )
    op.create_index("ix_user_session_user_id", "user_session", ["user_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("user_session")
