"""A file's rows over the stored rows: what each row will hold, and the checks on whole rows.

Used twice: when a file is checked (nothing written) and again inside the commit, under the
dataset lock, against the rows stored at that moment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from data_access.intake.columns import DatasetSpec, Reason
from data_access.intake.markers import CLEAR, KEEP


def merge_with_stored(
    spec: DatasetSpec, frame: pd.DataFrame, stored: dict[tuple[Any, ...], tuple[Any, ...]]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows as they will be stored (KEEP filled from the stored row or the default; CLEAR as
    empty) and which rows are new. A required value a new row lacks stays KEEP."""
    key = spec.natural_key
    others = [c for c in spec.written if c not in key]
    keys = list(zip(*(frame[k].tolist() for k in key), strict=True)) if len(frame) else []
    before = [stored.get(k) for k in keys]
    is_new = np.array([b is None for b in before], dtype=bool)
    merged = {k: frame[k].tolist() for k in key}
    for position, name in enumerate(others):
        column = next((c for c in spec.columns if c.name == name), None)
        fallback = KEEP if column is None or column.required else column.default
        values = frame[name].tolist()
        if not stored:  # nothing stored: KEEP is the fallback everywhere
            merged[name] = [fallback if v is KEEP else None if v is CLEAR else v for v in values]
            continue
        out = []
        for value, old in zip(values, before, strict=True):
            if value is KEEP:
                value = old[position] if old is not None else fallback
            elif value is CLEAR:
                value = None
            out.append(value)
        merged[name] = out
    return pd.DataFrame(merged, columns=list(spec.written), dtype=object), is_new


def check_merged(
    spec: DatasetSpec, merged: pd.DataFrame, is_new: np.ndarray, *, required: bool = True
) -> list[list[Reason]]:
    """Reasons per row against whole rows: required values of new rows (when asked), dates in
    order, and the dataset's own row checks."""
    n = len(merged)
    reasons: list[list[Reason]] = [[] for _ in range(n)]
    if n == 0:
        return reasons
    if required:
        for column in spec.columns:
            if not column.required or column.name in spec.natural_key:
                continue
            lacking = [i for i, v in enumerate(merged[column.name].tolist()) if v is KEEP]
            for i in lacking:
                if is_new[i]:
                    reasons[i].append(
                        (
                            f"{column.zh}：缺少必填值（新记录）",
                            f"{column.en}: value required (a new row)",
                        )
                    )
    for earlier, later in spec.date_order:
        a_col, b_col = spec.column(earlier), spec.column(later)
        firsts, seconds = merged[earlier].tolist(), merged[later].tolist()
        before = _before(firsts, seconds)
        if before is not None:  # plain dates: compared as day numbers, the same rows
            for i in np.flatnonzero(before).tolist():
                reasons[i].append((f"{b_col.zh}早于{a_col.zh}", f"{b_col.en} is before {a_col.en}"))
            continue
        try:  # the distinct values once (dates, markers, None: hashable)
            dated_a, dated_b = _dated_values(firsts), _dated_values(seconds)
            rows = [i for i, b in enumerate(seconds) if b in dated_b]
            dated = dated_a.__contains__
        except TypeError:
            rows, dated = list(range(n)), _dated
        for i in rows:
            a, b = firsts[i], seconds[i]
            if dated(a) and _dated(b) and b < a:
                reasons[i].append((f"{b_col.zh}早于{a_col.zh}", f"{b_col.en} is before {a_col.en}"))
    if not spec.row_checks:
        return reasons
    complete = merged.map(lambda v: None if v is KEEP else v)
    for check in spec.row_checks:
        for i, reason in enumerate(check(complete)):
            if reason is not None:
                reasons[i].append(reason)
    return reasons


def _day_numbers(values: list[object]) -> np.ndarray | None:
    """Real dates as day numbers (-1 for a missing value or a marker); None when a value is
    neither a plain date nor missing (a datetime, say: compared the usual way)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    days = np.empty(len(uniques), dtype=np.int64)
    for i, value in enumerate(uniques.tolist()):
        if type(value) is dt.date:
            days[i] = value.toordinal()
        elif value is None or value is KEEP or value is CLEAR or value != value:  # NaN
            days[i] = -1
        else:
            return None
    return days[codes]


def _before(firsts: list[object], seconds: list[object]) -> np.ndarray | None:
    """Rows whose second date is before the first, both real dates (None: not plain dates)."""
    a, b = _day_numbers(firsts), _day_numbers(seconds)
    if a is None or b is None:
        return None
    return (a >= 0) & (b >= 0) & (b < a)


def _dated_values(values: list[object]) -> set[object]:
    """The distinct real dates among values (hashable cells: dates, markers, None)."""
    return {v for v in set(values) if _dated(v)}


def _dated(value: object) -> bool:
    """True for a real date (not missing, not a marker)."""
    return value is not None and value is not KEEP and value is not CLEAR and value == value
