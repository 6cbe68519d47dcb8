"""The data-version token: any write changes it, so every cached query reads afresh."""

from __future__ import annotations

import itertools
import uuid

from sqlalchemy import Connection, delete, insert

from data_access.models import DatasetInfo

_writes = itertools.count(1)
_last_write = 0


def note_local_write() -> None:
    """Record that this process changed the data, so its memo of the version is stale."""
    global _last_write
    _last_write = next(_writes)


def local_writes() -> int:
    """How many data changes this process has made (a key for the data-version memo)."""
    return _last_write


def bump_data_version(conn: Connection) -> None:
    """Change the data-version token so every cached query reads afresh."""
    conn.execute(delete(DatasetInfo).where(DatasetInfo.key == "data_version"))
    conn.execute(insert(DatasetInfo).values(key="data_version", value=uuid.uuid4().hex))
    note_local_write()
