"""Burden reduction (基层减负): plaques removed each week, each county's plaque kinds before and
after the clean-up, and the observation points."""

from __future__ import annotations

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, place_column
from data_access.intake.row_checks import inside_county, not_more, on_friday

POINT_KINDS = {"village": ("村", "village"), "community": ("社区", "community")}
COUNTY_PLACE = place_column("越秀区")

PLAQUE_REMOVAL = DatasetSpec(
    key="plaque_removal",
    zh="挂牌清理（每周摘牌数）",
    en="Plaque removal (weekly)",
    model=m.PlaqueRemoval,
    natural_key=("adcode", "removed_on"),
    place_levels=("county_unit",),
    row_checks=(on_friday("removed_on"),),
    aliases=("plaque_removals",),
    note=(
        "区县（含东莞市、中山市）每周五填报本周摘除的牌子数",
        "each county unit reports the plaques removed in the week, dated the Friday",
    ),
    columns=(
        COUNTY_PLACE,
        Column(
            "removed_on",
            "填报日期",
            "reported on",
            "date",
            "2024-03-01",
            aliases=("日期", "统计日期", "清理日期", "removed on", "date"),
            note=("每周五", "a Friday"),
        ),
        Column(
            "plaques_removed",
            "摘除牌子数",
            "plaques removed",
            "int",
            86,
            aliases=("摘牌数", "清理牌子数", "摘除数量", "摘牌数量"),
        ),
    ),
)

SIGNAGE_STATUS = DatasetSpec(
    key="signage_status",
    zh="挂牌清理情况（区县）",
    en="Signage status (county)",
    model=m.SignageStatus,
    natural_key=("adcode",),
    place_levels=("county_unit",),
    row_checks=(
        not_more("plaque_kinds_now", "plaque_kinds_before", "挂牌类别", "plaque kinds"),
        not_more("mechanisms_now", "mechanisms_before", "工作机制", "work mechanisms"),
    ),
    columns=(
        COUNTY_PLACE,
        Column("as_of", "统计日期", "as of", "date", "2024-12-31", aliases=("截至日期", "日期")),
        Column("villages", "行政村数", "villages", "int", 120, aliases=("行政村",)),
        Column("communities", "社区数", "communities", "int", 45, aliases=("社区",)),
        Column(
            "plaque_kinds_before",
            "清理前挂牌类别",
            "plaque kinds before",
            "int",
            96,
            aliases=("清理前挂牌类别数",),
        ),
        Column(
            "plaque_kinds_now",
            "现有挂牌类别",
            "plaque kinds now",
            "int",
            21,
            aliases=("清理后挂牌类别", "现有挂牌类别数"),
        ),
        Column("mechanisms_before", "清理前工作机制", "mechanisms before", "int", 25),
        Column(
            "mechanisms_now",
            "现有工作机制",
            "mechanisms now",
            "int",
            7,
            aliases=("清理后工作机制",),
        ),
    ),
)

OBSERVATION_POINT = DatasetSpec(
    key="observation_point",
    zh="减负观测点",
    en="Observation points",
    model=m.ObservationPoint,
    natural_key=("source_id",),
    place_levels=("county_unit",),
    aliases=("observation_points",),
    row_checks=(
        inside_county,
        not_more("plaques_now", "plaques_before", "牌子", "plaques"),
        not_more("mechanisms_now", "mechanisms_before", "工作机制", "work mechanisms"),
    ),
    columns=(
        Column(
            "source_id",
            "编号",
            "id",
            "text",
            "GZ-LW-001",
            aliases=("观测点编号", "source id", "observation id", "point id"),
            max_length=40,
            fold=True,
        ),
        Column(
            "name",
            "名称",
            "name",
            "text",
            "荔湾区某某社区",
            aliases=("观测点名称", "村（社区）名称"),
            max_length=100,
        ),
        place_column("荔湾区"),
        Column(
            "lon",
            "经度",
            "longitude",
            "float",
            113.2442,
            aliases=("lon", "lng"),
            minimum=-180,
            maximum=180,
        ),
        Column(
            "lat",
            "纬度",
            "latitude",
            "float",
            23.1258,
            aliases=("lat",),
            minimum=-90,
            maximum=90,
        ),
        Column(
            "kind",
            "类型",
            "kind",
            "code",
            "社区",
            vocabulary=POINT_KINDS,
            aliases=("村或社区",),
            note=("村 或 社区", "village or community"),
        ),
        Column("established_on", "设立日期", "set up on", "date", "2024-06-01", required=False),
        Column("plaques_before", "清理前牌子数", "plaques before", "int", 36, required=False),
        Column("plaques_now", "现有牌子数", "plaques now", "int", 8, required=False),
        Column(
            "mechanisms_before",
            "清理前工作机制数",
            "mechanisms before",
            "int",
            20,
            required=False,
        ),
        Column("mechanisms_now", "现有工作机制数", "mechanisms now", "int", 7, required=False),
        Column(
            "note",
            "情况记录",
            "note",
            "text",
            "外墙仅保留规范标识",
            required=False,
            aliases=("备注",),
            max_length=2000,
        ),
    ),
)
