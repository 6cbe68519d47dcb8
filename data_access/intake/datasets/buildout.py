"""Organisational buildout (组织建设): departments, milestones and community workers."""

from __future__ import annotations

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, place_column
from data_access.intake.row_checks import year_not_after_today

DEPARTMENT = DatasetSpec(
    key="department",
    zh="社会工作部门",
    en="Departments",
    model=m.Department,
    natural_key=("adcode",),
    derived=("level",),
    aliases=("departments",),
    note=(
        "每个省、市、区县的社会工作部一行；只填变化的列即可",
        "one row per department (province, city or county); only the columns that changed",
    ),
    columns=(
        place_column(),
        Column(
            "established_on",
            "成立日期",
            "established on",
            "date",
            "2024-03-28",
            required=False,
            aliases=("组建日期", "挂牌日期", "established"),
        ),
        Column(
            "posts_authorised",
            "核定编制",
            "posts authorised",
            "int",
            12,
            required=False,
            aliases=("编制数", "核定编制数"),
        ),
        Column(
            "posts_filled",
            "实有人数",
            "posts filled",
            "int",
            10,
            required=False,
            aliases=("在编人数", "实有人员"),
        ),
        Column(
            "observers",
            "社会工作观察员",
            "observers",
            "int",
            25,
            required=False,
            aliases=("观察员人数", "社会工作观察员人数"),
        ),
    ),
)

MILESTONE = DatasetSpec(
    key="milestone",
    zh="大事记",
    en="Milestones",
    model=m.Milestone,
    natural_key=("happened_on", "title_zh"),
    derived=("precision",),
    aliases=("milestones",),
    columns=(
        Column(
            "happened_on",
            "日期",
            "date",
            "month_or_day",
            "2024-05-29",
            aliases=("时间", "发生日期", "happened on"),
            note=(
                "具体日期（2024-05-29）或只到月份（2024-05、2024年5月）",
                "a day (2024-05-29) or a month (2024-05)",
            ),
        ),
        Column(
            "title_zh",
            "事件",
            "title",
            "text",
            "全省社会工作会议召开",
            aliases=("事件（中文）", "标题", "内容", "title zh"),
            max_length=200,
        ),
        Column(
            "title_en",
            "英文标题",
            "English title",
            "text",
            "Provincial meeting on social work",
            required=False,
            aliases=("英文", "title en", "英文事件", "事件英文"),
            max_length=300,
        ),
    ),
)

COMMUNITY_WORKFORCE = DatasetSpec(
    key="community_workforce",
    zh="社区工作者",
    en="Community workers",
    model=m.CommunityWorkforce,
    natural_key=("adcode", "year"),
    place_levels=("city",),
    row_checks=(year_not_after_today("year"),),
    aliases=("workforce",),
    columns=(
        place_column("广州市"),
        Column("year", "年度", "year", "int", 2024, aliases=("年份",), minimum=2000, maximum=2100),
        Column(
            "community_workers",
            "社区工作者人数",
            "community workers",
            "int",
            28000,
            aliases=("社区工作者",),
        ),
        Column(
            "urban_residents",
            "城镇常住人口",
            "urban residents",
            "int",
            15800000,
            aliases=("城镇常住人口数",),
            minimum=1,
            note=("人", "persons"),
        ),
    ),
)
