"""The places and days of each import by import and day, and those of volunteer-record files.

Volunteer-record files now report 志愿服务 for the places and days they hold (their lateness),
so import_place_day holds many more rows; the reporting grid reads each dataset's imports'
rows of a few months, which this index gives without touching other datasets' rows or the
table. Record imports from before are filled in from volunteer_record.import_id.

Revision ID: 0019_import_place_day_by_import
Revises: 0018_import_place_day
"""

from __future__ import annotations

from alembic import op

revision = "0019_import_place_day_by_import"
down_revision = "0018_import_place_day"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index(
        "ix_import_place_day_import_day", "import_place_day", ["import_id", "day", "adcode"]
    )
    op.execute(
        "INSERT INTO import_place_day (import_id, adcode, day) "
        "SELECT DISTINCT r.import_id, r.adcode, r.service_date FROM volunteer_record r "
        "WHERE r.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM import_place_day d "
        "WHERE d.import_id = r.import_id AND d.adcode = r.adcode AND d.day = r.service_date)"
    )


def downgrade() -> None:
    """Revert this revision (the place-days of record files stay: harmless rows)."""
    op.drop_index("ix_import_place_day_import_day", table_name="import_place_day")
