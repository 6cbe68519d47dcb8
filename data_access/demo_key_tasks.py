"""Demo 2024 key tasks (重点任务): milestones per city, mostly done, some late, a few open.

Fixed by hand (no random draws), so the other demo tables do not change with it. Judged at the
end of 2024 two tasks are red, one yellow and two green; at the end of 2024-W48 one red, two
yellow and two green.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

D = dt.date
# (task, lead office, city indexes, milestones (name, due), exceptions {(city, milestone): done})
# An exception's done date None means not done; every other milestone was done a few days early.
TASKS: tuple[
    tuple[
        str,
        str,
        tuple[int, ...],
        tuple[tuple[str, dt.date], ...],
        dict[tuple[int, int], dt.date | None],
    ],
    ...,
] = (
    (
        "村（社区）挂牌清理整治",
        "基层治理处",
        (0, 2, 3, 5, 7, 11, 14, 17),
        (
            ("摸底排查挂牌情况", D(2024, 3, 31)),
            ("核定挂牌目录清单", D(2024, 6, 30)),
            ("完成集中摘牌", D(2024, 9, 30)),
            ("建立长效监测机制", D(2024, 12, 31)),
        ),
        {
            (5, 2): D(2024, 10, 12),  # late
            (6, 2): None,  # overdue since 30 September
            (6, 3): None,
            (7, 3): D(2025, 1, 8),  # not done by the year's end
        },
    ),
    (
        "党建引领志愿服务体系建设",
        "志愿服务工作处",
        (0, 1, 4, 8, 12, 19),
        (
            ("建成县级志愿服务指导中心", D(2024, 5, 31)),
            ("志愿服务信息平台数据对接", D(2024, 8, 31)),
            ("培育志愿服务品牌项目", D(2024, 11, 30)),
            ("年度志愿服务总结评估", D(2024, 12, 31)),
        ),
        {(1, 1): D(2024, 9, 10), (3, 3): D(2025, 1, 3)},
    ),
    (
        "人民建议征集工作机制建设",
        "人民建议征集处",
        (2, 6, 9, 10, 13, 15, 18),
        (
            ("印发人民建议征集工作办法", D(2024, 4, 30)),
            ("设立线下人民建议征集点", D(2024, 7, 31)),
            ("开通线上征集渠道", D(2024, 10, 31)),
            ("优秀建议转化落实", D(2024, 12, 3)),
        ),
        {(2, 3): D(2024, 12, 10), (4, 3): None},
    ),
    (
        "新就业群体“暖新”行动",
        "新兴领域党建工作处",
        (0, 2, 5, 16, 17),
        (
            ("建成“暖新驿站”", D(2024, 6, 30)),
            ("开展关爱服务活动", D(2024, 9, 30)),
            ("驿站运行评估", D(2024, 12, 2)),
        ),
        {(0, 2): D(2024, 12, 6)},
    ),
    (
        "为基层减负精简村级工作机制",
        "基层治理处",
        (1, 3, 7, 9, 14, 20),
        (
            ("清理村级工作机制", D(2024, 4, 30)),
            ("规范村级证明事项", D(2024, 8, 31)),
            ("减负成效督导检查", D(2024, 11, 30)),
        ),
        {(2, 1): D(2024, 9, 14)},
    ),
)


def build_key_tasks(regions: pd.DataFrame) -> list[dict[str, Any]]:
    """The demo key-task milestones for the province's cities (indexes wrap round)."""
    cities = sorted(regions.loc[regions["level"] == "city", "adcode"])
    rows = []
    for task, office, picks, milestones, exceptions in TASKS:
        places = list(dict.fromkeys(cities[i % len(cities)] for i in picks))
        for j, adcode in enumerate(places):
            for k, (name, due) in enumerate(milestones):
                done = exceptions.get((j, k), due - dt.timedelta(days=(j + 2 * k) % 6 + 1))
                rows.append(
                    {
                        "task": task,
                        "adcode": adcode,
                        "milestone": name,
                        "lead_office": office,
                        "due_on": due,
                        "done_on": done,
                    }
                )
    return rows
