"""Codes of the domain's categories with their Chinese and English names."""

from __future__ import annotations

VOLUNTEER_FIELDS: dict[str, tuple[str, str]] = {
    "community": ("社区服务", "Community"),
    "medical": ("医疗卫生", "Medical care"),
    "emergency": ("应急救援", "Emergency"),
    "elderly_children": ("一老一小", "Elderly and children"),
    "new_employment": ("新就业群体", "New-employment groups"),
    "major_events": ("大型赛会", "Major events"),
    "other": ("其他", "Others"),
}

SUGGESTION_CHANNELS: dict[str, tuple[str, str]] = {
    "petition": ("信访渠道", "Petition channel"),
    "hotline": ("12345热线", "12345 hotline"),
    "online": ("网上征集平台", "Online platform"),
    "campaign": ("专题征集活动", "Themed campaigns"),
    "liaison": ("基层联系点", "Grassroots liaison points"),
}
PETITION_CHANNEL = "petition"

SUGGESTION_CATEGORIES: dict[str, tuple[str, str]] = {
    "urban_rural": ("城乡建设", "Urban and rural development"),
    "governance": ("社会治理", "Social governance"),
    "livelihood": ("民生保障", "Livelihood"),
    "economy": ("经济发展", "Economy"),
    "environment": ("生态环境", "Environment"),
    "education_culture": ("教育文化", "Education and culture"),
    "other": ("其他", "Others"),
}

COLLECTION_LEVELS: dict[str, tuple[str, str]] = {
    "province": ("省级", "Province"),
    "city": ("市级", "City"),
    "county": ("县级", "County"),
    "town": ("镇（街）级", "Town"),
    "village": ("村（社区）级", "Village"),
}

ASSOCIATION_LEVELS: dict[str, tuple[str, str]] = {
    "province": ("省级", "Provincial"),
    "city": ("市级", "City"),
    "county": ("县级", "County"),
}

ASSOCIATION_INDUSTRIES: dict[str, tuple[str, str]] = {
    "manufacturing": ("制造业", "Manufacturing"),
    "trade": ("商贸流通", "Trade"),
    "technology": ("科技服务", "Technology services"),
    "agriculture": ("农业", "Agriculture"),
    "construction": ("建筑房地产", "Construction and property"),
    "finance": ("金融", "Finance"),
    "logistics": ("交通物流", "Transport and logistics"),
    "culture_tourism": ("文化旅游", "Culture and tourism"),
    "health": ("医药卫生", "Health"),
    "chamber": ("异地商会", "Chambers from other regions"),
    "other": ("其他", "Others"),
}

SURVEY_ISSUE_THEMES: dict[str, tuple[str, str]] = {
    "policy": ("政策支持", "Policy support"),
    "talent": ("人才培养", "Talent"),
    "finance": ("融资难题", "Financing"),
    "standards": ("行业标准", "Industry standards"),
    "dialogue": ("政会沟通", "Dialogue with government"),
    "governance": ("内部治理", "Internal governance"),
}

PLAQUE_SCOPES: dict[str, tuple[str, str]] = {
    "village": ("村级挂牌", "Village plaques"),
    "mechanism": ("工作机制", "Work mechanisms"),
    "internal": ("内部标识", "Internal signs"),
}

# Indicators a supervision target (督办目标) can be set on; the actual comes from the facts.
SUPERVISION_INDICATORS: dict[str, tuple[str, str]] = {
    "volunteer_hours": ("志愿服务时长", "Volunteer hours"),
    "plaques_removed": ("摘除牌子数", "Plaques removed"),
    "suggestions_on_time": ("建议按时办结率", "Suggestions concluded on time"),
    "volunteer_hours_per_10k": ("每万人志愿服务时长", "Volunteer hours per 10,000 residents"),
    "plaque_kinds_hung": ("仍挂牌子种类数", "Plaque kinds still hung"),
    "suggestions_accepted_on_time": ("建议按时受理率", "Suggestions accepted on time"),
    "departments_formed": ("已组建社会工作部门数", "Departments formed"),
}

TARGET_DIRECTIONS: dict[str, tuple[str, str]] = {
    "at_least": ("不少于", "at least"),
    "at_most": ("不多于", "at most"),
}

REGION_LEVELS: dict[str, tuple[str, str]] = {
    "province": ("省级", "Province"),
    "city": ("市级", "City"),
    "county": ("县级", "County"),
}


def label(vocabulary: dict[str, tuple[str, str]], code: str, language: str = "zh") -> str:
    """Return the name of a code in the language, or the code itself when unknown."""
    names = vocabulary.get(code)
    if names is None:
        return code
    return names[0] if language == "zh" else names[1]
