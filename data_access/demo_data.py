"""Deterministic demo data for all five areas that adds up to the published 2024 figures."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, insert

from config import ROOT
from data_access import models as m
from data_access import rollup_defs
from data_access import vocabulary as v
from data_access.bulk import insert_frame
from data_access.demo_key_tasks import build_key_tasks
from data_access.demo_observation_points import build_observation_points
from data_access.demo_reporting import (
    apply_gaps,
    draw_gaps,
    late_files,
    remove_demo_history,
    write_late_history,
)
from data_access.regions import load_region_registry

SEED = 20240118
GENERATOR_VERSION = "demo-v1"
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
PUBLISHED_FILE = ROOT / "assets" / "demo" / "published_figures.json"

# Synthetic volumes that were not published (they only need to be plausible).
ASSOCIATIONS_END_2024 = {"province": 1100, "city": 1950, "county": 3168}
ASSOCIATIONS_NEW_2025 = {"province": 24, "city": 61, "county": 97}
SUGGESTIONS_2023 = 71_204
SUGGESTIONS_2025 = 86_517
PLAQUES_REMOVED_2024 = 412_358
PLAQUES_REMOVED_2025 = 36_912
VOLUNTEER_HOURS_PER_10K_PER_DAY = 34.0
VOLUNTEER_FIELD_SHARE = {
    "community": 0.34,
    "elderly_children": 0.2,
    "medical": 0.12,
    "new_employment": 0.1,
    "emergency": 0.08,
    "major_events": 0.06,
    "other": 0.1,
}
VOLUNTEER_FIELD_ACTIVE = {
    "community": 0.95,
    "elderly_children": 0.7,
    "medical": 0.45,
    "new_employment": 0.4,
    "emergency": 0.2,
    "major_events": 0.06,
    "other": 0.35,
}


@dataclass(frozen=True)
class DemoTargets:
    """The published figures the generated rows must add up to."""

    province_established: dt.date
    three_levels_complete: dt.date
    associations_provincial: int
    associations_total_min: int
    associations_visited: int
    associations_questionnaires: int
    associations_issues: int
    signs_removed_min: int
    village_kinds: tuple[int, int]
    mechanisms: tuple[int, int]
    internal_kinds_after: int
    suggestions_petition: int
    suggestions_other: int
    workers_per_10k_urban: float
    milestones: list[list[str]]


def load_targets() -> DemoTargets:
    """Read the published figures bundled with the app."""
    facts = json.loads(PUBLISHED_FILE.read_text(encoding="utf-8"))
    g = facts["guangdong_2024"]
    return DemoTargets(
        province_established=dt.date.fromisoformat(g["province_dept_established"]["value"]),
        three_levels_complete=dt.date.fromisoformat(g["three_levels_complete_by"]["value"]),
        associations_provincial=g["associations_provincial"]["value"],
        associations_total_min=g["associations_total"]["min"],
        associations_visited=g["associations_visited"]["value"],
        associations_questionnaires=g["association_questionnaires"]["value"],
        associations_issues=g["associations_issues_collected"]["value"],
        signs_removed_min=g["signs_removed"]["min"],
        village_kinds=(
            g["village_sign_types_before"]["value"],
            g["village_sign_types_after"]["value"],
        ),
        mechanisms=(
            g["village_work_mechanisms_before"]["value"],
            g["village_work_mechanisms_after"]["value"],
        ),
        internal_kinds_after=g["internal_sign_types_after"]["value"],
        suggestions_petition=g["suggestions_petition_channel"]["value"],
        suggestions_other=g["suggestions_other_channels"]["value"],
        workers_per_10k_urban=g["community_workers_per_10k_urban"]["value"],
        milestones=facts["milestones_2024"],
    )


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total over weights so the parts are integers that sum exactly."""
    w = np.asarray(weights, dtype=float)
    raw = w / w.sum() * total
    parts = np.floor(raw).astype(np.int64)
    short = int(total - parts.sum())
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[:short]] += 1
    out: np.ndarray = parts
    return out


def weighting_regions(regions: pd.DataFrame) -> pd.DataFrame:
    """The registry with every city weighted: its census population where known, else even."""
    out = regions.copy()
    cities = out["level"] == "city"
    known = out.loc[cities, "population_10k"].dropna()
    even = float(known.mean()) if len(known) else 300.0
    out.loc[cities, "population_10k"] = out.loc[cities, "population_10k"].fillna(even)
    return out


def _county_weights(regions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Estimate each county unit's share of its city's population (demo weights only)."""
    units = regions[regions["is_county_unit"]].copy()
    cities = regions[regions["level"] == "city"].set_index("adcode")
    urban = units["name"].str.endswith("区").to_numpy()
    units["w"] = np.where(urban, 1.6, 1.0) * rng.lognormal(0, 0.25, len(units))
    city_pop = units["city_adcode"].map(cities["population_10k"]).fillna(300.0)
    share = units["w"] / units.groupby("city_adcode")["w"].transform("sum")
    units["population_10k"] = (share * city_pop).round(1)
    units["urban"] = urban
    return units.reset_index(drop=True)


def _days(start: dt.date, end: dt.date) -> pd.DatetimeIndex:
    """Every day from start to end inclusive."""
    return pd.date_range(start, end, freq="D")


def build_departments(regions: pd.DataFrame, t: DemoTargets, rng: np.random.Generator) -> list[Any]:
    """Province, city and county departments formed between the founding and July 2024."""
    rows: list[dict[str, Any]] = []
    start, end = t.province_established, t.three_levels_complete
    for r in regions.itertuples():
        if r.level == "province":
            day, posts = start, 60
        elif r.level == "city":
            day = start + dt.timedelta(days=int(rng.integers(30, 135)))
            posts = int(rng.integers(20, 46))
        else:
            day = start + dt.timedelta(days=int(rng.integers(60, (end - start).days + 1)))
            posts = int(rng.integers(10, 21))
        rows.append(
            {
                "adcode": r.adcode,
                "level": r.level,
                "established_on": day,
                "posts_authorised": posts,
                "posts_filled": int(round(posts * rng.uniform(0.78, 1.0))),
                "observers": int(rng.integers(4, 31)) if r.level != "province" else 12,
            }
        )
    counties = [i for i, r in enumerate(rows) if r["level"] == "county"]
    last = max(counties, key=lambda i: rows[i]["established_on"])
    rows[last]["established_on"] = end
    return rows


def build_milestones(t: DemoTargets) -> list[dict[str, Any]]:
    """The published milestones of 2024 as rows."""
    rows = []
    for when, zh, en in t.milestones:
        precise = len(when) == 10
        day = dt.date.fromisoformat(when if precise else f"{when}-01")
        rows.append(
            {
                "happened_on": day,
                "precision": "day" if precise else "month",
                "title_zh": zh,
                "title_en": en,
            }
        )
    return rows


def build_workforce(cities: pd.DataFrame, t: DemoTargets, rng: np.random.Generator) -> list[Any]:
    """Community workers and urban residents per city, 2023–2025; 2024 hits the ratio."""
    rate = rng.uniform(0.55, 0.95, len(cities))
    urban = (cities["population_10k"].to_numpy() * rate * 1e4 / 50_000).round() * 50_000
    urban = urban.astype(np.int64)
    rows = []
    for year, ratio in ((2023, t.workers_per_10k_urban - 0.7), (2024, t.workers_per_10k_urban)):
        total = int(round(urban.sum() * ratio / 1e4))
        workers = allocate(total, urban * rng.uniform(0.75, 1.25, len(cities)))
        rows += [
            {"adcode": a, "year": year, "community_workers": int(w), "urban_residents": int(u)}
            for a, w, u in zip(cities["adcode"], workers, urban, strict=True)
        ]
    grown = (urban * 1.01).astype(np.int64)
    total = int(round(grown.sum() * (t.workers_per_10k_urban + 0.6) / 1e4))
    workers = allocate(total, grown * rng.uniform(0.8, 1.2, len(cities)))
    rows += [
        {"adcode": a, "year": 2025, "community_workers": int(w), "urban_residents": int(u)}
        for a, w, u in zip(cities["adcode"], workers, grown, strict=True)
    ]
    return rows


def build_volunteer_service(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Daily volunteer hours and volunteers per county unit and service field."""
    days = _days(FIRST_DAY, LAST_DAY)
    fields = list(VOLUNTEER_FIELD_SHARE)
    doy = days.dayofyear.to_numpy()
    season = 1 + 0.18 * np.sin(2 * np.pi * (doy - 80) / 365)
    weekend = np.where(days.dayofweek.to_numpy() >= 5, 1.35, 1.0)
    growth = np.select([days.year == 2023, days.year == 2024], [0.82, 1.0], 1.12)
    march = np.where(days.month.to_numpy() == 3, 1.4, 1.0)  # 学雷锋月
    daily = season * weekend * growth * march
    pop = units["population_10k"].to_numpy()
    share = np.array([VOLUNTEER_FIELD_SHARE[f] for f in fields])
    active_p = np.array([VOLUNTEER_FIELD_ACTIVE[f] for f in fields])
    shape = (len(units), len(days), len(fields))
    active = rng.random(shape) < active_p
    noise = rng.lognormal(0, 0.35, shape)
    hours = (
        (pop[:, None, None] * VOLUNTEER_HOURS_PER_10K_PER_DAY * daily[None, :, None])
        * (share / active_p)[None, None, :]
        * noise
    )
    per_person = rng.uniform(2.2, 4.2, shape)
    ci, di, fi = np.nonzero(active)
    h = np.round(hours[ci, di, fi], 1)
    return pd.DataFrame(
        {
            "adcode": units["adcode"].to_numpy()[ci],
            "service_date": days.date[di],
            "field": np.array(fields)[fi],
            "hours": h,
            "volunteers": np.maximum(1, np.round(h / per_person[ci, di, fi])).astype(int),
        }
    )


def _registration_dates(
    n: int, year_from: int, year_to: int, rng: np.random.Generator
) -> list[Any]:
    """Registration dates skewed towards recent years."""
    span = (dt.date(year_to, 12, 31) - dt.date(year_from, 1, 1)).days
    offsets = (rng.beta(2.2, 1.0, n) * span).astype(int)
    return [dt.date(year_from, 1, 1) + dt.timedelta(days=int(o)) for o in offsets]


def build_associations(
    regions: pd.DataFrame, units: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Associations by level, industry and place, registered up to 2025."""
    province = regions[regions["level"] == "province"].iloc[0]
    cities = regions[regions["level"] == "city"]
    industries = list(v.ASSOCIATION_INDUSTRIES)
    ind_p = np.array([0.2, 0.14, 0.1, 0.09, 0.08, 0.05, 0.06, 0.07, 0.06, 0.1, 0.05])
    frames = []
    for level in ("province", "city", "county"):
        for year_to, count in (
            (2024, ASSOCIATIONS_END_2024[level]),
            (2025, ASSOCIATIONS_NEW_2025[level]),
        ):
            if level == "province":
                places = np.repeat(province["adcode"], count)
                names = np.repeat(province["name"], count)
            else:
                pool = cities if level == "city" else units
                w = pool["population_10k"].fillna(300).to_numpy() ** 0.8
                idx = rng.choice(len(pool), count, p=w / w.sum())
                places, names = pool["adcode"].to_numpy()[idx], pool["name"].to_numpy()[idx]
            dates = (
                _registration_dates(count, 1988, 2024, rng)
                if year_to == 2024
                else [
                    dt.date(2025, 1, 1) + dt.timedelta(days=int(d))
                    for d in rng.integers(0, 365, count)
                ]
            )
            party_p = {"province": 0.92, "city": 0.8, "county": 0.68}[level]
            ind = rng.choice(industries, count, p=ind_p / ind_p.sum())
            frames.append(
                pd.DataFrame(
                    {
                        "level": level,
                        "adcode": places,
                        "industry": ind,
                        "registered_on": dates,
                        "has_party_org": rng.random(count) < party_p,
                        "place_name": names,
                    }
                )
            )
    df = pd.concat(frames, ignore_index=True)
    df["source_id"] = [f"DEMO-ASSOC-{i:05d}" for i in range(1, len(df) + 1)]
    df["id"] = np.arange(1, len(df) + 1)
    suffix = np.where(df["industry"] == "chamber", "商会", "行业协会")
    sector = df["industry"].map(lambda c: v.ASSOCIATION_INDUSTRIES[c][0])
    df["name"] = df["place_name"] + sector + suffix + "（演示" + df["id"].astype(str) + "）"
    df["deregistered_on"] = None
    return df.drop(columns=["place_name"])


def build_association_survey(
    assoc: pd.DataFrame, t: DemoTargets, rng: np.random.Generator
) -> pd.DataFrame:
    """The 2024 survey: associations visited, questionnaires and issues collected."""
    eligible = assoc[
        (assoc["registered_on"] <= dt.date(2024, 12, 31)) & (assoc["level"] != "county")
    ]
    w = np.where(eligible["level"] == "province", 3.0, 1.0)
    p = w / w.sum()
    ids = eligible["id"].to_numpy()

    def pick(n: int) -> set[int]:
        return set(rng.choice(ids, n, replace=False, p=p).tolist())

    visited = pick(t.associations_visited)
    asked = pick(t.associations_questionnaires)
    issues = pick(t.associations_issues)
    themes = list(v.SURVEY_ISSUE_THEMES)
    rows = []
    for a in sorted(visited | asked | issues):
        rows.append(
            {
                "association_id": a,
                "survey_year": 2024,
                "visited": a in visited,
                "questionnaire": a in asked,
                "issues_collected": a in issues,
                "issue_theme": str(rng.choice(themes)) if a in issues else None,
            }
        )
    return pd.DataFrame(rows)


def build_plaque_kinds(t: DemoTargets) -> list[dict[str, Any]]:
    """The catalogue of plaque kinds and work mechanisms, with those retained."""
    topics = (
        "综治 调解 法律服务 禁毒 网格 应急 防汛 消防 安全生产 食品安全 环保 河长 林长 "
        "民政 残联 老龄 妇联 共青团 关工委 科协 科普 文化 体育 卫生 计生 退役军人 侨务 "
        "统战 志愿服务 党员教育"
    ).split()
    forms = ["工作站", "服务站", "中心", "之家", "室"]
    village = [f"{a}{b}" for b in forms for a in topics][: t.village_kinds[0]]
    mechanisms = [f"{a}工作领导小组" for a in topics][: t.mechanisms[0]]
    internal = [
        "党员活动室",
        "村务公开栏",
        "党务公开栏",
        "便民服务窗口",
        "档案室",
        "会议室",
        "调解室",
        "图书室",
        "警务室",
        "卫生室",
        "文化室",
        "值班室",
        "综合办公室",
        "志愿服务台",
        "议事厅",
    ][: t.internal_kinds_after]
    rows = []
    for scope, names, keep in (
        ("village", village, t.village_kinds[1]),
        ("mechanism", mechanisms, t.mechanisms[1]),
        ("internal", internal, len(internal)),
    ):
        for i, name in enumerate(names):
            rows.append(
                {
                    "code": f"{scope[:3].upper()}{i + 1:03d}",
                    "scope": scope,
                    "name_zh": name,
                    "retained": i < keep,
                }
            )
    return rows


def build_plaque_removal(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Plaques removed per county unit and reporting Friday, 2024 campaign and 2025 follow-up."""
    frames = []
    weight = units["villages"].to_numpy() + units["communities"].to_numpy() * 0.8
    for total, start, end in (
        (PLAQUES_REMOVED_2024, "2024-03-01", "2024-12-31"),
        (PLAQUES_REMOVED_2025, "2025-01-01", "2025-12-31"),
    ):
        fridays = pd.date_range(start, end, freq="W-FRI")
        x = np.linspace(0, 1, len(fridays))
        curve = np.exp(-((x - 0.35) ** 2) / 0.05) + 0.08
        per_county = allocate(total, weight * rng.uniform(0.85, 1.15, len(units)))
        for adcode, n in zip(units["adcode"], per_county, strict=True):
            parts = allocate(int(n), curve * rng.uniform(0.6, 1.4, len(fridays)))
            frames.append(
                pd.DataFrame(
                    {"adcode": adcode, "removed_on": fridays.date, "plaques_removed": parts}
                )
            )
    return pd.concat(frames, ignore_index=True)  # a week without removals is reported as 0


def build_signage_status(
    units: pd.DataFrame, t: DemoTargets, rng: np.random.Generator
) -> list[Any]:
    """Villages, communities and plaque kinds per county unit before and after the clean-up."""
    rows = []
    kinds_before, kinds_after = t.village_kinds
    mech_before, mech_after = t.mechanisms
    r: Any  # a row of a frame: the stubs type every field as any scalar
    for r in units.itertuples():
        lagging = rng.random() < 0.15
        rows.append(
            {
                "adcode": r.adcode,
                "as_of": LAST_DAY,
                "villages": int(r.villages),
                "communities": int(r.communities),
                "plaque_kinds_before": int(rng.integers(kinds_before // 2, kinds_before + 1)),
                "plaque_kinds_now": kinds_after + (int(rng.integers(1, 7)) if lagging else 0),
                "mechanisms_before": int(rng.integers(mech_before * 2 // 3, mech_before + 1)),
                "mechanisms_now": mech_after + (int(rng.integers(1, 3)) if lagging else 0),
            }
        )
    return rows


def _villages(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Administrative villages and communities per county unit."""
    units = units.copy()
    w_village = units["population_10k"].to_numpy() * np.where(units["urban"], 0.25, 1.0)
    w_comm = units["population_10k"].to_numpy() * np.where(units["urban"], 1.0, 0.3)
    units["villages"] = allocate(19_600, w_village * rng.uniform(0.8, 1.2, len(units)))
    units["communities"] = allocate(6_900, w_comm * rng.uniform(0.8, 1.2, len(units)))
    return units


def _channel_split(total: int, petition: int | None, rng: np.random.Generator) -> dict[str, Any]:
    """Counts per suggestion channel; the petition channel given or drawn."""
    others = [c for c in v.SUGGESTION_CHANNELS if c != v.PETITION_CHANNEL]
    if petition is None:
        petition = int(total * rng.uniform(0.45, 0.5))
    counts = allocate(total - petition, np.array([0.42, 0.3, 0.16, 0.12]))
    return {v.PETITION_CHANNEL: petition, **dict(zip(others, counts.tolist(), strict=True))}


def build_suggestions(
    regions: pd.DataFrame, units: pd.DataFrame, t: DemoTargets, rng: np.random.Generator
) -> pd.DataFrame:
    """Suggestions received 2023–2025 with acceptance, conclusion, adoption and satisfaction."""
    province = regions[regions["level"] == "province"]["adcode"].iloc[0]
    cities = regions[regions["level"] == "city"]
    years = {
        2023: _channel_split(SUGGESTIONS_2023, None, rng),
        2024: _channel_split(
            t.suggestions_petition + t.suggestions_other, t.suggestions_petition, rng
        ),
        2025: _channel_split(SUGGESTIONS_2025, None, rng),
    }
    level_codes = list(v.COLLECTION_LEVELS)
    level_p = np.array([0.03, 0.17, 0.35, 0.3, 0.15])
    cat_codes = list(v.SUGGESTION_CATEGORIES)
    cat_p = np.array([0.22, 0.2, 0.24, 0.1, 0.08, 0.1, 0.06])
    city_w = cities["population_10k"].to_numpy() / cities["population_10k"].sum()
    unit_w = units["population_10k"].to_numpy() / units["population_10k"].sum()
    frames = []
    for year, split in years.items():
        days = _days(dt.date(year, 1, 1), dt.date(year, 12, 31))
        day_w = (1 + 0.15 * np.cos(2 * np.pi * days.month.to_numpy() / 12)) * np.where(
            days.dayofweek.to_numpy() >= 5, 0.55, 1.0
        )
        for channel, n in split.items():
            level = rng.choice(level_codes, n, p=level_p)
            adcode = units["adcode"].to_numpy()[rng.choice(len(units), n, p=unit_w)]
            adcode = np.where(
                level == "city",
                cities["adcode"].to_numpy()[rng.choice(len(cities), n, p=city_w)],
                adcode,
            )
            adcode = np.where(level == "province", province, adcode)
            received = days.date[rng.choice(len(days), n, p=day_w / day_w.sum())]
            frames.append(
                pd.DataFrame(
                    {
                        "channel": channel,
                        "category": rng.choice(cat_codes, n, p=cat_p),
                        "collection_level": level,
                        "adcode": adcode,
                        "received_on": received,
                    }
                )
            )
    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values(["received_on", "channel"], kind="stable").reset_index(drop=True)
    n = len(df)
    received = pd.to_datetime(df["received_on"])
    accept_days = np.round(rng.gamma(2.0, 3.6, n)).astype(int)
    conclude_days = np.round(rng.gamma(3.0, 11.5, n)).astype(int)
    stuck = rng.random(n) < 0.004
    accepted = received + pd.to_timedelta(accept_days, unit="D")
    concluded = accepted + pd.to_timedelta(conclude_days, unit="D")
    as_of = pd.Timestamp(LAST_DAY)
    df["accepted_on"] = np.where(accepted <= as_of, accepted.dt.date, None)  # type: ignore[call-overload]  # np.where takes Series
    open_mask = (concluded > as_of) | (stuck & (received.dt.year == 2025))
    df["concluded_on"] = np.where(open_mask | df["accepted_on"].isna(), None, concluded.dt.date)  # type: ignore[call-overload]  # np.where takes Series
    done = df["concluded_on"].notna().to_numpy()
    df["adopted"] = done & (rng.random(n) < 0.22)
    sat = rng.choice([1, 2, 3, 4, 5], n, p=[0.02, 0.03, 0.1, 0.3, 0.55])
    df["satisfaction"] = np.where(done & (rng.random(n) < 0.7), sat, None)  # type: ignore[call-overload]  # None marks no rating
    df["source_id"] = [f"DEMO-SUG-{i:07d}" for i in range(1, n + 1)]
    return df


# Demo supervision targets: how many cities end 2024 on, a little behind, or far behind plan, and
# the completion (actual ÷ target) drawn for each; the gaps keep clear of the 10 % margin.
TARGET_MIX = (("green", 12, 1.02, 1.12), ("yellow", 6, 0.93, 0.97), ("red", 3, 0.72, 0.85))


def _round3(x: float) -> float:
    """A target as plans write it: three significant figures."""
    return float(f"{x:.3g}")


def build_supervision_targets(
    regions: pd.DataFrame,
    volunteer: pd.DataFrame,
    plaques: pd.DataFrame,
    suggestions: pd.DataFrame,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """2024 targets per city derived from the demo's own 2024 figures, with a green/yellow/red
    mix (TARGET_MIX), and province targets the published totals meet."""
    city_of = dict(zip(regions["adcode"], regions["city_adcode"], strict=True))
    province = regions.loc[regions["level"] == "province", "adcode"].iloc[0]
    cities = sorted(regions.loc[regions["level"] == "city", "adcode"])

    def in_2024(df: pd.DataFrame, column: str) -> pd.DataFrame:
        days = pd.to_datetime(df[column])
        return df[(days >= "2024-01-01") & (days <= "2024-12-31")]  # type: ignore[operator]  # pandas compares dates with ISO text

    vol = in_2024(volunteer, "service_date")
    plq = in_2024(plaques, "removed_on")
    sug = in_2024(suggestions[suggestions["concluded_on"].notna()], "concluded_on")
    received = pd.to_datetime(sug["received_on"])
    accepted = pd.to_datetime(sug["accepted_on"])
    concluded = pd.to_datetime(sug["concluded_on"])
    on_time = ((accepted - received).dt.days <= 15) & ((concluded - accepted).dt.days <= 60)
    sug = sug.assign(on_time=on_time.astype(float))
    actuals = {
        "volunteer_hours": vol.groupby(vol["adcode"].map(city_of))["hours"].sum(),
        "plaques_removed": plq.groupby(plq["adcode"].map(city_of))["plaques_removed"].sum(),
        "suggestions_on_time": sug.groupby(sug["adcode"].map(city_of))["on_time"].mean() * 100,
    }
    province_actual = {
        "volunteer_hours": float(vol["hours"].sum()),
        "plaques_removed": float(plq["plaques_removed"].sum()),
        "suggestions_on_time": float(sug["on_time"].mean() * 100),
    }
    rows = []
    for indicator, by_city in actuals.items():
        completion = np.empty(len(cities))
        order = rng.permutation(len(cities))
        i = 0
        counts = allocate(len(cities), np.array([m[1] for m in TARGET_MIX]))  # 21 cities: as set
        for (_, _, low, high), count in zip(TARGET_MIX, counts, strict=True):
            completion[order[i : i + count]] = rng.uniform(low, high, count)
            i += count
        for city, done in zip(cities, completion, strict=True):
            target = _round3(float(by_city.get(city, 0.0)) / done)
            if indicator == "suggestions_on_time":
                target = min(target, 99.0)  # a percentage: far behind still means at most 99 %
            rows.append(
                {
                    "adcode": city,
                    "indicator": indicator,
                    "period": "2024",
                    "target": target,
                    "direction": "at_least",
                }
            )
        rows.append(
            {
                "adcode": province,
                "indicator": indicator,
                "period": "2024",
                "target": _round3(province_actual[indicator] * 0.98),
                "direction": "at_least",
            }
        )
    return rows


def _mixed_targets(
    indicator: str,
    by_city: pd.Series,
    cities: list[str],
    rng: np.random.Generator,
    period: str = "2024",
    cap: float | None = None,
) -> list[dict[str, Any]]:
    """City targets for one indicator: each city's actual ÷ a completion drawn by TARGET_MIX."""
    completion = np.empty(len(cities))
    order = rng.permutation(len(cities))
    i = 0
    counts = allocate(len(cities), np.array([m[1] for m in TARGET_MIX]))
    for (_, _, low, high), count in zip(TARGET_MIX, counts, strict=True):
        completion[order[i : i + count]] = rng.uniform(low, high, count)
        i += count
    rows = []
    for city, done in zip(cities, completion, strict=True):
        target = _round3(float(by_city.get(city, 0.0)) / done)
        rows.append(
            {
                "adcode": city,
                "indicator": indicator,
                "period": period,
                "target": target if cap is None else min(target, cap),
                "direction": "at_least",
            }
        )
    return rows


def build_more_targets(
    registry: pd.DataFrame,
    volunteer: pd.DataFrame,
    suggestions: pd.DataFrame,
    departments: list[dict[str, Any]],
    signage_status: list[dict[str, Any]],
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """2025 targets of the indicators added later, from the demo's own 2025 figures: volunteer
    hours per 10,000 residents and suggestions accepted on time per city (TARGET_MIX; a share
    at most 99 %) and for the province (98 % of its actual), every department kept formed
    (all formed by 31 July 2024, as published), and at most the standard 21 plaque kinds still
    hung per city (the signage status is dated at the end of 2025)."""
    city_of = dict(zip(registry["adcode"], registry["city_adcode"], strict=True))
    cities = sorted(registry.loc[registry["level"] == "city", "adcode"])
    province = registry.loc[registry["level"] == "province", "adcode"].iloc[0]
    pop = registry.set_index("adcode")["population_10k"]
    known = bool(len(cities)) and bool(pop[cities].notna().all())  # else no per-10k targets
    province_pop = pop.get(province)
    if province_pop is None or pd.isna(province_pop):
        province_pop = float(pop[cities].sum()) if known else None
    days = pd.to_datetime(volunteer["service_date"])
    vol = volunteer[(days >= pd.Timestamp("2025-01-01")) & (days <= pd.Timestamp("2025-12-31"))]
    hours = vol.groupby(vol["adcode"].map(city_of))["hours"].sum()
    accepted = pd.to_datetime(suggestions["accepted_on"])
    sug = suggestions[
        (accepted >= pd.Timestamp("2025-01-01")) & (accepted <= pd.Timestamp("2025-12-31"))
    ]
    waited = (pd.to_datetime(sug["accepted_on"]) - pd.to_datetime(sug["received_on"])).dt.days
    sug = sug.assign(on_time=(waited <= 15).astype(float))
    accept_share = sug.groupby(sug["adcode"].map(city_of))["on_time"].mean() * 100
    rows = []
    if known:
        rows += _mixed_targets("volunteer_hours_per_10k", hours / pop[cities], cities, rng, "2025")
    rows += _mixed_targets(
        "suggestions_accepted_on_time", accept_share, cities, rng, "2025", cap=99.0
    )
    dept = pd.DataFrame(departments)
    dept = dept[dept["level"] != "province"]  # the 21 + 122 city and county departments
    listed = dept.groupby(dept["adcode"].map(city_of)).size()
    kinds_dated = {r["adcode"] for r in signage_status if r["as_of"].year == 2025}
    province_rows = [
        ("suggestions_accepted_on_time", _round3(float(sug["on_time"].mean() * 100) * 0.98)),
        ("departments_formed", float(len(dept))),
    ]
    if province_pop:
        per_10k = float(vol["hours"].sum()) / float(province_pop) * 0.98
        province_rows.insert(0, ("volunteer_hours_per_10k", _round3(per_10k)))
    for city in cities:
        rows.append(
            {
                "adcode": city,
                "indicator": "departments_formed",
                "period": "2025",
                "target": float(listed.get(city, 0)),
                "direction": "at_least",
            }
        )
        if any(city_of.get(a) == city for a in kinds_dated):
            rows.append(
                {
                    "adcode": city,
                    "indicator": "plaque_kinds_hung",
                    "period": "2025",
                    "target": 21.0,
                    "direction": "at_most",
                }
            )
    for indicator, target in province_rows:
        rows.append(
            {
                "adcode": province,
                "indicator": indicator,
                "period": "2025",
                "target": target,
                "direction": "at_least",
            }
        )
    return rows


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Turn a frame into insertable dicts with plain Python values."""
    out = df.astype(object).where(df.notna(), None)
    return out.to_dict("records")  # type: ignore[return-value]  # column names are text


def generate(province_adcode: str) -> dict[str, list[dict[str, Any]] | pd.DataFrame]:
    """Build every demo table's rows (the big ones as frames), deterministically, keyed by
    table name."""
    rng = np.random.default_rng(SEED)
    t = load_targets()
    registry = load_region_registry(province_adcode)
    regions = weighting_regions(registry)  # weights only: the registry is stored as it is
    units = _villages(_county_weights(regions, rng), rng)
    cities = regions[regions["level"] == "city"].reset_index(drop=True)
    assoc = build_associations(regions, units, rng)
    departments = build_departments(regions, t, rng)
    workforce = build_workforce(cities, t, rng)
    volunteer = build_volunteer_service(units, rng)
    survey = build_association_survey(assoc, t, rng)
    plaques = build_plaque_removal(units, rng)
    signage_status = build_signage_status(units, t, rng)
    suggestions = build_suggestions(regions, units, t, rng)
    # The reporting mix (a few late or missing at the end of 2024), from its own generator.
    gaps = draw_gaps(units, np.random.default_rng(SEED + 17))
    plaques, volunteer = apply_gaps(plaques, volunteer, gaps)
    # Drawn from their own generator so the published figures' draws above stay as they were.
    targets = build_supervision_targets(
        regions, volunteer, plaques, suggestions, np.random.default_rng(SEED + 14)
    )
    targets += build_more_targets(
        registry,
        volunteer,
        suggestions,
        departments,
        signage_status,
        np.random.default_rng(SEED + 18),
    )
    return {
        "region": _records(registry[[c.name for c in m.Region.__table__.columns]]),
        "population": [],  # imported by the departments; the demo uses the census only
        "department": departments,
        "milestone": build_milestones(t),
        "community_workforce": workforce,
        "volunteer_service": volunteer,
        "volunteer_record": [],  # the demo fills the daily rollup directly: no raw records
        "association": assoc,
        "association_survey": survey,
        "plaque_kind": build_plaque_kinds(t),
        "plaque_removal": plaques,
        "signage_status": signage_status,
        "observation_point": build_observation_points(units),
        "suggestion": suggestions,
        "supervision_target": targets,
        "demo_late_files": late_files(gaps),  # import-history entries, not a table
        "key_task_milestone": build_key_tasks(regions),
    }


TABLE_ORDER = [
    m.Region,
    m.Department,
    m.Milestone,
    m.Population,
    m.CommunityWorkforce,
    m.VolunteerService,
    m.VolunteerRecord,
    m.Association,
    m.AssociationSurvey,
    m.PlaqueKind,
    m.PlaqueRemoval,
    m.SignageStatus,
    m.ObservationPoint,
    m.Suggestion,
    m.SupervisionTarget,
    m.KeyTaskMilestone,
]


def load_demo(engine: Engine, province_adcode: str) -> int:
    """Replace all data with the demo set in one transaction; return the rows written."""
    tables = generate(province_adcode)
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{SEED}:{province_adcode}".encode()).hexdigest()
    written = 0
    with engine.begin() as conn, rollup_defs.triggers_suspended(conn):
        remove_demo_history(conn)
        for model in reversed(TABLE_ORDER):
            conn.execute(delete(model))
        conn.execute(delete(m.DatasetInfo))
        for model in TABLE_ORDER:
            rows = tables[model.__tablename__]
            if isinstance(rows, pd.DataFrame):
                insert_frame(conn, model.__table__, rows)
            elif rows:
                conn.execute(insert(model), rows)
            written += len(rows)
        info = {
            "demo": "1",
            "demo_province": province_adcode,  # the published figures are Guangdong's
            "data_as_of": LAST_DAY.isoformat(),
            "reference_year": "2024",
            "generator": f"{GENERATOR_VERSION} seed {SEED}",
        }
        conn.execute(insert(m.DatasetInfo), [{"key": k, "value": val} for k, val in info.items()])
        conn.execute(
            insert(m.ImportLog),
            [
                {
                    "dataset": "demo",
                    "file_name": f"demo data ({GENERATOR_VERSION}, seed {SEED})",
                    "file_hash": digest,
                    "imported_by": "system",
                    "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    "rows_accepted": written,
                    "rows_rejected": 0,
                    "note": "synthetic demo data reproducing the published 2024 figures",
                }
            ],
        )
        write_late_history(conn, tables, tables["demo_late_files"])  # type: ignore[arg-type]  # a list of row dicts
    return written
