"""An account's e-mail address, by which a single sign-on (OIDC) identity finds its account.

Revision ID: 0017_account_email
Revises: 0016_record_partitions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_account_email"
down_revision = "0016_record_partitions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("email", sa.String(length=200), nullable=True))
        batch.create_unique_constraint("uq_user_account_email", ["email"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("user_account") as batch:
        batch.drop_constraint("uq_user_account_email", type_="unique")
        batch.drop_column("email")
