"""Clear the demo data so a department can start loading its own (places and accounts stay)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, insert

from data_access import models as m
from data_access import rollup_defs
from data_access.accounts import remove_demo_accounts
from data_access.demo_data import TABLE_ORDER
from data_access.demo_reporting import remove_demo_history


def clear_demo(engine: Engine, by: str = "system") -> int:
    """Delete every demo row except the places, in one transaction; return rows deleted."""
    deleted = 0
    with engine.begin() as conn, rollup_defs.triggers_suspended(conn):
        remove_demo_history(conn)  # the demo's late-file entries name demo rows
        for model in reversed(TABLE_ORDER):
            if model is m.Region:
                continue
            deleted += conn.execute(delete(model)).rowcount or 0
        conn.execute(delete(m.DatasetInfo))
        conn.execute(
            insert(m.ImportLog),
            [
                {
                    "dataset": "demo",
                    "file_name": "demo data cleared",
                    "file_hash": "-",
                    "imported_by": by,
                    "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    "rows_accepted": 0,
                    "rows_rejected": 0,
                    "note": f"{deleted} demo rows deleted",
                }
            ],
        )
    remove_demo_accounts(engine)
    return deleted
