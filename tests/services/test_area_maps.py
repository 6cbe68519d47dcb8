"""Each area map's figures and table columns exist in its area's per-place frame on the demo
database, and every label and unit it names is in the string catalogue, in both languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.meta import regions
from i18n import catalogue
from metrics import periods
from services import association_view as av
from services import suggestion_view as sgv
from services import volunteer_view as vv
from services.area_maps import ASSOCIATION_MAP, SUGGESTION_MAP, VOLUNTEER_MAP, AreaMap

YEAR = periods.year(2024)
By = Callable[[Engine, pd.DataFrame], pd.DataFrame]
AREAS: list[tuple[AreaMap, By]] = [
    (VOLUNTEER_MAP, lambda e, r: vv.by_place(e, YEAR, "440000", None, r)),
    (ASSOCIATION_MAP, lambda e, r: av.by_place(e, YEAR, "440000", None, r)),
    (
        SUGGESTION_MAP,
        lambda e, r: sgv.by_place(
            e, YEAR, "440000", None, r, dt.date(2025, 12, 31), sgv.Limits(15, 60)
        ),
    ),
]
IDS = [spec.prefix for spec, _ in AREAS]


@pytest.mark.parametrize(("spec", "by_place"), AREAS, ids=IDS)
def test_every_figure_and_column_is_in_the_per_place_frame(
    sqlite_engine: Engine, spec: AreaMap, by_place: By
) -> None:
    frame = by_place(sqlite_engine, regions(sqlite_engine))
    wanted = {f.key for f in spec.figures} | {c for c, _ in spec.table}
    assert wanted - set(frame.columns) == set()
    for f in spec.figures:
        if f.per_10k_of:
            assert spec.figure(f.per_10k_of).key == f.per_10k_of
        if f.percent:
            assert frame[f.key].dropna().between(0, 1).all()


@pytest.mark.parametrize(("spec", "by_place"), AREAS, ids=IDS)
def test_every_label_is_in_the_catalogue(spec: AreaMap, by_place: By) -> None:
    keys = {spec.title} | {h for _, h in spec.table}
    keys |= {f"{spec.prefix}.metric.{f.key}" for f in spec.figures}
    keys |= {f.unit for f in spec.figures if f.unit}
    strings = catalogue()
    assert keys - strings.keys() == set()
    assert all(all(strings[k]) for k in keys)  # Chinese and English both filled in


def test_the_default_figure_is_one_of_the_maps() -> None:
    for spec, _ in AREAS:
        assert spec.default == "" or spec.default in spec.keys
    assert SUGGESTION_MAP.keys[0] == "received" and SUGGESTION_MAP.default == "overdue"
