"""A column of cells parsed once per distinct value, with pandas doing the bookkeeping."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeGuard

import numpy as np
import pandas as pd

from data_access.intake.cleaning import CellError, map_unique

PLAIN_TEXT = re.compile(r"[!-~](?:[ -~]*[!-~])?")  # printable ASCII, no edge spaces


def is_plain(value: object) -> TypeGuard[str]:
    """True for text that clean_text and as_typed give back unchanged (printable ASCII)."""
    return isinstance(value, str) and PLAIN_TEXT.fullmatch(value) is not None


def parse_by_value(
    raw: list[object], parse: Callable[[object], object]
) -> tuple[np.ndarray, np.ndarray]:
    """Parsed values and CellErrors (None where fine) row by row, each distinct value parsed
    once (as cleaning.map_unique; text-only columns are factorised by pandas)."""
    n = len(raw)
    if not set(map(type, raw)) <= {str, type(None)}:  # 1, 1.0 and True must stay apart
        found, failed = map_unique(raw, parse)
        out_v = np.empty(n, dtype=object)
        out_e = np.empty(n, dtype=object)
        out_v[:] = found
        out_e[:] = failed
        return out_v, out_e
    cells = np.empty(n, dtype=object)
    cells[:] = raw
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    parsed = np.empty(len(uniques), dtype=object)
    errors = np.empty(len(uniques), dtype=object)
    for i, value in enumerate(uniques.tolist()):
        cell = value if isinstance(value, str) else None  # pandas hands None back as NaN
        try:
            parsed[i] = parse(cell)
        except CellError as exc:
            errors[i] = exc
    return parsed[codes], errors[codes]
