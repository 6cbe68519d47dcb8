"""How each figure of the volunteer, association and suggestion views is counted, written once.

The texts describe the functions beside them in metrics/ (timeliness, handling, per_place,
rates); cards show them as help text and the data notes can list them. {limit}-style fields
are filled with the configured values, so the text always states the limits in force.
"""

from __future__ import annotations

DEFINITIONS: dict[str, tuple[str, str]] = {
    "volunteer_hours": (
        "志愿服务时长：所选期间内登记的志愿服务小时数之和（按服务日期计）。",
        "Volunteer hours: hours of service recorded in the period, by service date.",
    ),
    "volunteers": (
        "志愿者人次：所选期间内每日参与服务的志愿者人数之和（同一人多日参与计多人次）。",
        "Volunteers: daily volunteer counts added over the period (person-times: one person "
        "serving on several days counts each day).",
    ),
    "hours_per_volunteer": (
        "人均服务时长：志愿服务时长 ÷ 志愿者人次。",
        "Hours per volunteer: volunteer hours ÷ volunteer person-times.",
    ),
    "per_10k_residents": (
        "每万常住人口：数量 ÷ 常住人口（万人）。人口取“数据导入 → 常住人口”中最近一年的数字，"
        "未导入时用2020年第七次全国人口普查（地市一级）。区县无普查人口数据，未导入时区县一级只显示"
        "总量；全省为各地市常住人口之和。",
        "Per 10,000 residents: the count ÷ resident population in 10,000s: the latest year "
        "imported as Resident population, else the 2020 census (prefecture cities). Counties "
        "have no census figure, so until one is imported county maps show totals only; the "
        "province divides by the sum of its cities.",
    ),
    "associations": (
        "行业协会商会数：所选期间末日处于登记状态（已登记、未注销）的协会商会数，含省级、市级、县级；"
        "省级协会登记在省本级，不计入任何地市。",
        "Associations: associations and chambers registered and not deregistered on the last day "
        "of the period, all levels; provincial ones sit on the province and count in no city.",
    ),
    "associations_registered": (
        "新登记：登记日期在所选期间内的协会商会数。",
        "Registered: associations whose registration date falls in the period.",
    ),
    "party_coverage": (
        "党组织覆盖率：建有党组织的协会商会数 ÷ 期末登记的协会商会数。",
        "Party-organisation coverage: associations with a Party organisation ÷ associations "
        "registered on the last day of the period.",
    ),
    "survey": (
        "调研：该年度调研中实地走访的协会数、完成的问卷数、收集到改革问题的协会数（三项分别统计，可重叠）。",
        "Survey: associations visited on site, questionnaires completed, and associations whose "
        "problems were collected in the year's survey (counted separately; they overlap).",
    ),
    "received": (
        "收件：所选期间内收到的建议及建议类信访事项，按收件日期计。",
        "Received: suggestions and suggestion-type petitions received in the period, by date "
        "received.",
    ),
    "funnel": (
        "受理率 = 已受理 ÷ 收件；办结率 = 已办结 ÷ 已受理；采纳率 = 已采纳 ÷ 已办结。"
        "对象为所选期间内收到的事项，状态截至数据截止日。",
        "Acceptance rate = accepted ÷ received; conclusion rate = concluded ÷ accepted; adoption "
        "rate = adopted ÷ concluded. Items received in the period, status as of the data date.",
    ),
    "acceptance_on_time": (
        "按期受理率：所选期间收到的事项中，收件后 {limit} 日内作出受理决定的 ÷"
        "（按期受理的 + 超期受理的 + 截至数据截止日超过 {limit} 日仍未受理的）；"
        "未满 {limit} 日且尚未受理的不计入。中位数和第90百分位数按已受理事项的实际天数计算。",
        "Accepted on time: of items received in the period, those with an acceptance decision "
        "within {limit} days of receipt ÷ (on time + decided late + still undecided after "
        "{limit} days on the data date); items still within {limit} days are left out. Median "
        "and 90th percentile are over the days actually taken by accepted items.",
    ),
    "conclusion_on_time": (
        "按期办结率：所选期间收到并已受理的事项中，受理后 {limit} 日内办结的 ÷"
        "（按期办结的 + 超期办结的 + 截至数据截止日受理已超过 {limit} 日仍未办结的）；"
        "受理未满 {limit} 日且未办结的不计入。中位数和第90百分位数按已办结事项的实际天数计算。",
        "Concluded on time: of items received in the period and accepted, those concluded "
        "within {limit} days of acceptance ÷ (on time + concluded late + still open more than "
        "{limit} days after acceptance on the data date); items accepted less than {limit} days "
        "ago and still open are left out. Median and 90th percentile are over concluded items.",
    ),
    "backlog": (
        "积压：截至所选期间末日（晚于数据截止日时取数据截止日）已收件、尚未办结的事项，按收件天数分段。"
        "超期：收件超过 {acceptance} 日仍未受理，或受理超过 {conclusion} 日仍未办结。",
        "Open backlog: items received by the end of the period (or the data date, if earlier) "
        "and not concluded by then, by days since receipt. Overdue: not accepted within "
        "{acceptance} days of receipt, or not concluded within {conclusion} days of acceptance.",
    ),
    "satisfaction": (
        "满意度：有评价记录的事项的平均分（1–5分）；满意率 = 评4分或5分的 ÷ 有评价的。",
        "Satisfaction: mean score (1–5) of items with a recorded rating; satisfied = share "
        "rated 4 or 5.",
    ),
}


def definition(key: str, language: str = "zh", **values: object) -> str:
    """The definition of a figure in Chinese (zh) or English, with limits filled in."""
    text = DEFINITIONS[key][0 if language == "zh" else 1]
    return text.format(**values) if values else text
