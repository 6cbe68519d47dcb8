"""Monthly (and weekly) rollups of volunteer service and suggestions, kept by triggers on both databases.

Revision ID: 0006_monthly_rollups
Revises: 0005_volunteer_records
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from data_access import rollup_defs

revision = "0006_monthly_rollups"
down_revision = "0005_volunteer_records"
branch_labels = None
depends_on = None

OPEN_ACCEPTED = ["accepted_on", "received_on", "concluded_on", "adcode"]
OPEN_CONCLUDED = ["concluded_on", "received_on", "accepted_on", "adcode"]
SUGGESTION_VALUES = ["received", "accepted", "concluded", "adopted"] + [
    f"rated_{k}" for k in range(1, 6)
]


def _ints(names: list[str]) -> list[sa.Column[int]]:
    """Integer count columns."""
    return [sa.Column(n, sa.Integer(), nullable=False) for n in names]


def upgrade() -> None:
    """Create the rollup tables and their triggers, and fill them from the facts."""
    for grain in ("month", "week"):
        op.create_table(
            f"volunteer_service_{grain}",
            sa.Column("adcode", sa.String(length=6), nullable=False),
            sa.Column(f"{grain}_start", sa.Date(), nullable=False),
            sa.Column("field", sa.String(length=20), nullable=False),
            sa.Column("hours", sa.Float(), nullable=False),
            sa.Column("volunteers", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(f"{grain}_start", "adcode", "field"),
        )
    for name, column, length in (
        ("channel", "channel", 20),
        ("category", "category", 20),
        ("level", "collection_level", 10),
    ):
        op.create_table(
            f"suggestion_month_{name}",
            sa.Column("adcode", sa.String(length=6), nullable=False),
            sa.Column("month_start", sa.Date(), nullable=False),
            sa.Column(column, sa.String(length=length), nullable=False),
            *_ints(SUGGESTION_VALUES),
            sa.PrimaryKeyConstraint("month_start", "adcode", column),
        )
    op.create_table(
        "suggestion_days_month",
        sa.Column("adcode", sa.String(length=6), nullable=False),
        sa.Column("month_start", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("stage", "month_start", "adcode", "days"),
    )
    op.create_table(
        "suggestion_concluded_month",
        sa.Column("adcode", sa.String(length=6), nullable=False),
        sa.Column("month_start", sa.Date(), nullable=False),
        *_ints(["concluded", "on_time"]),
        sa.PrimaryKeyConstraint("month_start", "adcode"),
    )
    setting = op.create_table(
        "rollup_setting",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.bulk_insert(
        setting,
        [
            {"key": "acceptance_limit_days", "value": "15"},
            {"key": "conclusion_limit_days", "value": "60"},
        ],
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index("ix_suggestion_adcode_received", ["adcode", "received_on"])
        # Covering indexes of the open-item queries (open on a day: no date, or a later one).
        batch_op.drop_index("ix_suggestion_accepted")
        batch_op.drop_index("ix_suggestion_concluded")
        batch_op.create_index("ix_suggestion_accepted", OPEN_ACCEPTED)
        batch_op.create_index("ix_suggestion_concluded", OPEN_CONCLUDED)
    rollup_defs.install(op.get_bind())


def downgrade() -> None:
    """Drop the triggers and the rollup tables."""
    bind = op.get_bind()
    for statement in rollup_defs.drop_trigger_ddl(bind.dialect.name):
        bind.exec_driver_sql(statement)
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index("ix_suggestion_adcode_received")
        batch_op.drop_index("ix_suggestion_accepted")
        batch_op.drop_index("ix_suggestion_concluded")
        batch_op.create_index("ix_suggestion_accepted", ["accepted_on"])
        batch_op.create_index("ix_suggestion_concluded", ["concluded_on"])
    for table in (
        "rollup_setting",
        "suggestion_concluded_month",
        "suggestion_days_month",
        "suggestion_month_level",
        "suggestion_month_category",
        "suggestion_month_channel",
        "volunteer_service_week",
        "volunteer_service_month",
    ):
        op.drop_table(table)
