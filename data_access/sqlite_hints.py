"""Index hints for SQLite: `select(...).with_hint(table, "INDEXED BY ix", "sqlite")`.

SQLAlchemy's SQLite compiler drops table hints. SQLite's planner has no value histograms, so
it cannot tell "received by the day" (every row) from "not concluded by the day" (a few):
the open-item queries name the index to use. Other dialects ignore SQLite's hints.
"""

from __future__ import annotations

from sqlalchemy import FromClause
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler


def _from_hint_text(self: SQLiteCompiler, table: FromClause, text: str | None) -> str | None:
    """Render a table hint given for SQLite after the table name."""
    return text


SQLiteCompiler.get_from_hint_text = _from_hint_text  # type: ignore[method-assign, assignment]  # a patch of the subclass, so self is an SQLiteCompiler
