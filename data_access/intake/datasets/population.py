"""Reference data: resident population by place and year, for per-10,000 figures."""

from __future__ import annotations

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, place_column
from data_access.intake.row_checks import year_not_after_today

POPULATION = DatasetSpec(
    key="population",
    zh="常住人口",
    en="Resident population",
    model=m.Population,
    natural_key=("adcode", "year"),
    row_checks=(year_not_after_today("year"),),
    note=(
        "每个地区每年一行（万人）；市、区县各自的总数，不是相加关系；每万人口指标用最近一年",
        "one row per place and year (10,000 persons); each place's own total; per-10k figures "
        "use the latest year",
    ),
    columns=(
        place_column(),
        Column("year", "年度", "year", "int", 2024, aliases=("年份",), minimum=1949, maximum=2100),
        Column(
            "residents_10k",
            "常住人口（万人）",
            "residents (10,000)",
            "float",
            123.4,
            aliases=("常住人口", "常住人口数"),
        ),
        Column(
            "urban_residents_10k",
            "城镇常住人口（万人）",
            "urban residents (10,000)",
            "float",
            98.7,
            required=False,
            aliases=("城镇常住人口", "城镇人口"),
        ),
    ),
)
