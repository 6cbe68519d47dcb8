"""The associations page under AppTest: the published 2024 figures, coverage, survey."""

from sqlalchemy import Engine

from metrics import periods
from tests.pages.apptest import captions_shown, metrics_shown, run_app
from tests.pages.english_run import run_app_in_english

PAGE = "pages/associations.py"


def test_associations_page_shows_the_published_figures(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    cards = metrics_shown(at)
    total = int(cards["行业协会商会总数"].split(" ")[0].replace(",", ""))
    assert total >= 6000 and cards["行业协会商会总数"] == "6,218 家"
    assert cards["2024年调研实地走访"] == "175 家"
    text = captions_shown(at)
    assert "省级 1,100 家" in text
    assert "完成问卷 300 份 · 收集问题涉及 394 家" in text
    assert cards["党组织覆盖率"].endswith("%")
    helps = {m.label: m.help or "" for m in at.metric}
    assert "建有党组织的协会商会数 ÷ 期末登记的协会商会数" in helps["党组织覆盖率"]
    assert len(at.get("plotly_chart")) >= 8  # map, level, industry, 2 coverage, regs, 2 survey


def test_a_year_without_a_survey_says_so(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, period_year=periods.year(2025))
    assert any("2025年没有调研记录" in i.value for i in at.info)


def test_associations_page_in_english(sqlite_engine: Engine) -> None:
    at = run_app_in_english(PAGE)
    assert metrics_shown(at)["Visited in the 2024 survey"] == "175 associations"
    assert "Provincial 1,100" in captions_shown(at)
