"""Frames from query rows, built from plain tuples: pandas probes each SQLAlchemy row for a
`dtype` attribute, which costs a failed key lookup per row (0.2 s for 10,000 rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import CursorResult, Result


def tuples_frame(rows: Iterable[Iterable[Any]], columns: Sequence[str]) -> pd.DataFrame:
    """The rows of a query as a frame with the given column names, in order."""
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def result_frame(
    result: Result[Any] | CursorResult[Any], columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """A query result as a frame: its own columns, or the given ones (by name, in that order)."""
    keys = list(result.keys())
    frame = tuples_frame(result.all(), keys)
    return frame if columns is None else frame.reindex(columns=list(columns))
