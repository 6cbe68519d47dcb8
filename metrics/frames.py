"""Typed access to a frame's rows, where pandas-stubs' scalar union narrows to nothing useful."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> Iterable[Any]:
    """frame.itertuples(), its fields typed Any (the stubs give every field all scalar types)."""
    return frame.itertuples()
