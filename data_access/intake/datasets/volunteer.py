"""Volunteer service: daily totals per place and field, and single service records."""

from __future__ import annotations

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, place_column
from data_access.vocabulary import VOLUNTEER_FIELDS

SERVICE_DATE = Column(
    "service_date",
    "服务日期",
    "date",
    "date",
    "2024-03-01",
    aliases=("日期", "service date", "统计日期"),
)
FIELD = Column(
    "field",
    "服务领域",
    "field",
    "code",
    "社区服务",
    aliases=("领域", "服务类别", "service field"),
    vocabulary=VOLUNTEER_FIELDS,
)

VOLUNTEER_SERVICE = DatasetSpec(
    key="volunteer_service",
    zh="志愿服务",
    en="Volunteer service",
    model=m.VolunteerService,
    natural_key=("adcode", "service_date", "field"),
    additive=("hours", "volunteers"),
    note=(
        "每行是一个地区一天一个服务领域的合计；区县与市本级分别填报，不填市级小计",
        "one row per place, day and field; counties and the city's own figures, no subtotals",
    ),
    columns=(
        place_column(),
        SERVICE_DATE,
        FIELD,
        Column(
            "hours",
            "服务时长（小时）",
            "hours",
            "float",
            1250.5,
            aliases=("服务时长", "时长", "志愿服务时长", "service hours"),
        ),
        Column(
            "volunteers",
            "志愿者人数",
            "volunteers",
            "int",
            320,
            aliases=("人数", "参与人数", "志愿者数", "参与志愿者人数", "志愿者人次"),
        ),
    ),
)

VOLUNTEER_RECORD = DatasetSpec(
    key="volunteer_record",
    zh="志愿服务记录",
    en="Volunteer service records",
    model=m.VolunteerRecord,
    natural_key=("source_id",),
    note=(
        "每行一条服务记录；记录文件须包含全部列",
        "one row per service record; a record file has every column",
    ),
    columns=(
        Column(
            "source_id",
            "记录编号",
            "record id",
            "text",
            "GD-VR-2024-00000001",
            aliases=("服务记录编号", "记录号", "record no", "source id"),
            max_length=40,
            fold=True,
        ),
        Column(
            "volunteer_id",
            "志愿者编号",
            "volunteer id",
            "text",
            "V-7f3a9c",
            aliases=("志愿者标识", "志愿者ID", "volunteer"),
            max_length=64,
            fold=True,
        ),
        place_column(),
        Column(
            "service_date",
            "服务日期",
            "date",
            "date",
            "2024-03-01",
            aliases=("日期", "service date"),
        ),
        FIELD,
        Column(
            "hours",
            "服务时长（小时）",
            "hours",
            "float",
            2.5,
            aliases=("服务时长", "时长", "service hours"),
            maximum=24,
        ),
    ),
)
