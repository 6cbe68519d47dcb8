"""The suggestions page under AppTest: channels, funnel, timeliness with the configured limits."""

import json

from sqlalchemy import Engine

from charts.theme import SEQUENTIAL_REDS
from tests.pages.apptest import captions_shown, metrics_shown, run_app
from tests.pages.english_run import run_app_in_english

PAGE = "pages/suggestions.py"


def test_suggestions_page_shows_the_published_figures(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    cards = metrics_shown(at)
    assert cards["收到人民建议"] == "80,115 件"
    text = captions_shown(at)
    assert "信访渠道 38,389 件 · 其他渠道 41,726 件" in text
    assert cards["按期受理率（15日）"].endswith("%")
    assert cards["按期办结率（60日）"].endswith("%")
    assert cards["在办积压"].endswith("件")
    assert "截至 2024-12-31" in text
    assert "中位数" in text and "第90百分位" in text
    helps = {m.label: m.help or "" for m in at.metric}
    assert "收件后 15 日内" in helps["按期受理率（15日）"]
    assert "受理后 60 日内" in helps["按期办结率（60日）"]
    assert "满意率" in text
    assert len(at.get("plotly_chart")) >= 7  # 3 breakdowns, funnel, 2 timeliness, backlog, map


def test_suggestions_page_in_english_for_a_city(sqlite_engine: Engine) -> None:
    at = run_app_in_english(PAGE, city="440100")
    cards = metrics_shown(at)
    assert "Accepted within 15 days" in cards and "Open backlog" in cards
    assert "Place: 广州市" in captions_shown(at)


def test_the_suggestion_map_opens_on_overdue_items_in_reds(sqlite_engine: Engine) -> None:
    at = run_app("pages/suggestions.py")
    charts = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    fig = next(c for c in charts if "超期在办" in str(c["layout"].get("title", {}).get("text", "")))
    values = next(tr for tr in fig["data"] if tr["type"] == "choropleth" and "z" in tr)
    assert "广东省 · 超期在办" in fig["layout"]["title"]["text"]
    assert len(values["locations"]) == 21
    assert [c[1] for c in values["colorscale"]] == [c[1] for c in SEQUENTIAL_REDS]
