"""The weekly review page under AppTest."""

from sqlalchemy import Engine

from metrics import periods
from tests.pages.apptest import run_app


def test_weekly_page_defaults_to_the_latest_complete_week(sqlite_engine: Engine) -> None:
    at = run_app("pages/weekly.py")
    assert at.selectbox(key="review_week").value == periods.iso_week(2025, 52)
    assert "2025年第52周" in at.code[0].value


def test_weekly_page_for_week_48(sqlite_engine: Engine) -> None:
    at = run_app("pages/weekly.py", review_week=periods.iso_week(2024, 48))
    summary = at.code[0].value
    assert "收到人民建议1,782件" in summary
    table = at.dataframe[0].value
    assert "1,782" in table.to_string()


def test_presentation_mode_hides_the_briefing_buttons(sqlite_engine: Engine) -> None:
    at = run_app("pages/weekly.py", present=True)
    assert not [b for b in at.get("download_button") if "简报" in str(b.proto.label)]
