"""Demo burden-reduction observation points (减负观测点), each placed inside its county."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import shapely

from data_access.regions import boundary_path

SEED = 20240314  # its own stream, so the other demo tables do not change with it
POINTS = 72
PER_CITY_MIN = 2
FIRST_DAY = dt.date(2024, 3, 1)  # points were set up from March 2024 on
INSET_DEGREES = 0.02  # ~2 km inside the border, so simplified map borders keep them inside
SIMPLIFY_DEGREES = 0.002  # the inset is drawn on a lighter outline (~200 m): 10 × faster
NAME_HEAD = list("新东西南北上下大小长石龙凤黄沙塘岭田湖联")
NAME_TAIL = list("围坑塘岭田头岗洞美和")
NOTES = (
    "挂牌清理完成，外墙仅保留规范标识",
    "工作机制整合后按季度向县委社会工作部报送",
    "村务公开栏与党务公开栏合并设置",
    "迎检填表事项明显减少，干部反映负担减轻",
    "个别部门仍要求悬挂专项牌子，已反映并清理",
    "证明事项清单化管理，统一在便民服务窗口办理",
)


@lru_cache(maxsize=256)
def county_shape(adcode: str) -> shapely.Geometry:
    """The raw (unsimplified) boundary of a county unit."""
    return shapely.from_geojson(boundary_path(adcode).read_text("utf-8"))


def point_inside(geometry: shapely.Geometry, rng: np.random.Generator) -> tuple[float, float]:
    """A random point well inside a geometry (inset from the border when the shape allows)."""
    inner = geometry.simplify(SIMPLIFY_DEGREES).buffer(-INSET_DEGREES)
    area = inner if not inner.is_empty else geometry
    x0, y0, x1, y1 = area.bounds
    for _ in range(10_000):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if area.contains(shapely.Point(x, y)):
            return round(float(x), 5), round(float(y), 5)
    p = area.representative_point()
    return round(p.x, 5), round(p.y, 5)


def _counties(units: pd.DataFrame, rng: np.random.Generator) -> list[str]:
    """Which county unit each point lies in: every city gets some, the rest by size."""
    weight = (units["villages"] + units["communities"]).to_numpy(dtype=float)
    chosen: list[int] = []
    for _city, labels in units.groupby("city_adcode", sort=True).groups.items():
        idx = np.asarray(list(labels))
        n = min(PER_CITY_MIN, len(idx))
        w = weight[idx] / weight[idx].sum()
        chosen += rng.choice(idx, n, replace=False, p=w).tolist()
    rest = POINTS - len(chosen)
    chosen += rng.choice(len(units), rest, replace=True, p=weight / weight.sum()).tolist()
    return sorted(units["adcode"].to_numpy()[chosen].tolist())


def build_observation_points(units: pd.DataFrame) -> list[dict[str, Any]]:
    """About seventy observation points with a short record each (demo rows)."""
    rng = np.random.default_rng(SEED)
    names = dict(zip(units["adcode"], units["name"], strict=True))
    urban = dict(zip(units["adcode"], units["name"].str.endswith("区"), strict=True))
    rows = []
    for i, adcode in enumerate(_counties(units, rng), start=1):
        lon, lat = point_inside(county_shape(adcode), rng)
        community = rng.random() < (0.6 if urban[adcode] else 0.2)
        stem = str(rng.choice(NAME_HEAD)) + str(rng.choice(NAME_TAIL))
        before = int(rng.integers(18, 61))
        mech_before = int(rng.integers(12, 28))
        rows.append(
            {
                "source_id": f"DEMO-OBS-{i:03d}",
                "name": f"{names[adcode]}{stem}{'社区' if community else '村'}（演示）",
                "adcode": adcode,
                "lon": lon,
                "lat": lat,
                "established_on": FIRST_DAY + dt.timedelta(days=int(rng.integers(0, 200))),
                "kind": "community" if community else "village",
                "plaques_before": before,
                "plaques_now": int(rng.integers(4, 12)),
                "mechanisms_before": mech_before,
                "mechanisms_now": int(rng.integers(5, 8)),
                "note": str(rng.choice(NOTES)),
            }
        )
    return rows
