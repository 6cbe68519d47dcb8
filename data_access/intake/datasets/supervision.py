"""Supervision targets (督办目标): what a place is to reach in a year, quarter or month."""

from __future__ import annotations

import pandas as pd

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, Reason, place_column
from data_access.vocabulary import SUPERVISION_INDICATORS, TARGET_DIRECTIONS

SHARE_INDICATORS = frozenset({"suggestions_on_time", "suggestions_accepted_on_time"})  # in %


def share_at_most_100(frame: pd.DataFrame) -> list[Reason | None]:
    """A check: a share target is a percentage, so it cannot exceed 100."""
    out: list[Reason | None] = []
    for indicator, target in zip(frame["indicator"], frame["target"], strict=True):
        if indicator in SHARE_INDICATORS and isinstance(target, int | float) and target > 100:
            out.append(
                (
                    f"目标值：比率以百分数填写，不能大于 100（{target:g}）",
                    f"target: a share is a percentage, at most 100 ({target:g})",
                )
            )
        else:
            out.append(None)
    return out


SUPERVISION_TARGET = DatasetSpec(
    key="supervision_target",
    zh="督办目标",
    en="Supervision targets",
    model=m.SupervisionTarget,
    natural_key=("adcode", "indicator", "period"),
    aliases=("targets",),
    row_checks=(share_at_most_100,),
    note=(
        "每个地区、指标、期间一行；按时办结率、按时受理率的目标写百分数（95 表示 95%）；"
        "志愿服务时长、每万人志愿服务时长、摘除牌子数按序时进度（已过天数÷期间天数）比较，"
        "仍挂牌子种类数（一般为不多于 21）、已组建部门数在判断日直接与目标比较",
        "one row per place, indicator and period; on-time shares are percentages (95 means "
        "95 %); volunteer hours (also per 10,000 residents) and plaques removed are compared "
        "with the time-proportional schedule (days elapsed ÷ days), plaque kinds still hung "
        "(usually at most 21) and departments formed with the target itself on the day judged",
    ),
    columns=(
        place_column("广州市"),
        Column(
            "indicator",
            "指标",
            "indicator",
            "code",
            "志愿服务时长",
            aliases=("目标指标", "考核指标"),
            vocabulary=SUPERVISION_INDICATORS,
        ),
        Column(
            "period",
            "期间",
            "period",
            "period",
            "2024",
            aliases=("年度", "目标期间", "考核期间"),
            note=(
                "年度（2024）、季度（2024年第2季度、2024-Q2）或月份（2024-03）",
                "a year (2024), quarter (2024-Q2) or month (2024-03)",
            ),
        ),
        Column(
            "target",
            "目标值",
            "target",
            "float",
            1_000_000,
            aliases=("目标", "计划值", "目标数"),
        ),
        Column(
            "direction",
            "方向",
            "direction",
            "code",
            "不少于",
            aliases=("目标方向", "考核方向"),
            vocabulary=TARGET_DIRECTIONS,
        ),
    ),
)
