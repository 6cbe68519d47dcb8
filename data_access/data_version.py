"""The data-version token: any write changes it, so every cached query reads afresh."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, delete, insert

from data_access.models import DatasetInfo


def bump_data_version(conn: Connection) -> None:
    """Change the data-version token so every cached query reads afresh."""
    conn.execute(delete(DatasetInfo).where(DatasetInfo.key == "data_version"))
    conn.execute(insert(DatasetInfo).values(key="data_version", value=uuid.uuid4().hex))
