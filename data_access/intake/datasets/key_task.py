"""Key tasks (重点任务): a task's milestones in each place, with due and done dates."""

from __future__ import annotations

import datetime as dt

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, place_column

KEY_TASK = DatasetSpec(
    key="key_task",
    zh="重点任务",
    en="Key tasks",
    model=m.KeyTaskMilestone,
    natural_key=("task", "adcode", "milestone"),
    aliases=("key_tasks", "milestones_due"),
    note=(
        "每个任务、地区、节点一行（一项任务涉及几个地区就写几行）；完成日期空着表示未完成，"
        "已完成的节点不能晚于今天；节点到期前几天内（设置 DEADLINE_WARNING_DAYS，默认 3 天）"
        "未完成为黄灯，逾期未完成为红灯",
        "one row per task, place and milestone (a task in several places: one row each); a blank "
        "done date means not done, a done date cannot be after today; a milestone not done within "
        "DEADLINE_WARNING_DAYS days of its due date is yellow, past it red",
    ),
    columns=(
        Column(
            "task",
            "任务名称",
            "task",
            "text",
            "村（社区）挂牌清理整治",
            aliases=("重点任务", "任务", "任务名", "key task"),
            max_length=120,
            fold=True,
        ),
        Column(
            "lead_office",
            "牵头处室",
            "lead office",
            "text",
            "基层治理处",
            aliases=("牵头单位", "牵头部门", "责任处室", "责任单位", "lead"),
            max_length=80,
        ),
        place_column("广州市"),
        Column(
            "milestone",
            "节点",
            "milestone",
            "text",
            "完成挂牌目录清单核定",
            aliases=("任务节点", "节点名称", "里程碑", "阶段目标"),
            max_length=120,
            fold=True,
        ),
        Column(
            "due_on",
            "计划完成日期",
            "due date",
            "date",
            dt.date(2024, 6, 30),
            aliases=("完成时限", "到期日期", "截止日期", "计划时间", "due", "due on"),
            future_ok=True,
            note=("可以晚于今天", "may lie after today"),
        ),
        Column(
            "done_on",
            "实际完成日期",
            "done date",
            "date",
            dt.date(2024, 6, 25),
            required=False,
            aliases=("完成日期", "完成时间", "done", "done on"),
            note=(
                "空着表示未完成；写“清空”撤销已填的完成日期",
                "blank: not done; 清空 erases a done date entered before",
            ),
        ),
    ),
)
