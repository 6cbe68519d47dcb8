"""The briefing pack's 督办预警 page: counts, places behind schedule, overdue milestones."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from sqlalchemy import Engine

from config import get_settings
from data_access.aggregate import Place
from data_access.regions import load_region_registry
from metrics import periods
from services.briefing_alerts import alerts_section
from services.briefing_pack import pack_files
from services.supervision_view import alert_list, progress_table

W48 = periods.iso_week(2024, 48)


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    r = load_region_registry("440000")
    return dict(zip(r["adcode"], r["name"], strict=True))


def test_counts_places_and_overdue_milestones_match_the_page(
    sqlite_engine: Engine, names: dict[str, str]
) -> None:
    place = Place("440000", "province")
    section = alerts_section(sqlite_engine, W48, place, names, "zh")
    day = dt.date(2024, 12, 1)
    progressed = progress_table(sqlite_engine, 2024, day, place, get_settings(), names)
    alerts = alert_list(sqlite_engine, day, place, get_settings(), names, progressed)
    red, yellow = (int((alerts["status"] == s).sum()) for s in ("red", "yellow"))
    assert section.title == "督办预警"
    assert section.lines[0].startswith(f"截至 2024-12-01：红色预警 {red} 条、黄色预警 {yellow} 条")
    assert "重点任务红灯 1 项、黄灯 2 项" in section.lines[0]
    behind = progressed[(progressed["status"] == "red") & (progressed["level"] == "city")]
    assert all(n in section.lines[1] for n in behind["name"])
    assert section.lines[1].startswith("落后序时进度的地区——红灯：")
    assert section.rows == [
        ["阳江市", "村（社区）挂牌清理整治", "完成集中摘牌", "2024-09-30", "62"]
    ]
    assert section.header[-1] == "逾期天数" and section.more == ""
    assert section.task_title == "重点任务进展" and len(section.task_rows) == 5
    assert section.task_rows[0] == ["村（社区）挂牌清理整治", "● 红灯", "23/32"]  # done by 1 Dec


def test_places_over_an_at_most_limit_have_their_own_line(
    sqlite_engine: Engine, names: dict[str, str]
) -> None:
    section = alerts_section(
        sqlite_engine, periods.year(2025), Place("440000", "province"), names, "zh"
    )
    over = [
        line for line in section.lines if line.startswith("仍挂牌子种类数超过上限 10% 及以上：")
    ]
    assert len(over) == 1 and "仍挂牌子种类数超过上限不足 10%：" in over[0]
    assert "广州市" in over[0] and "广州市" not in section.lines[1]  # over, not behind schedule


def test_a_city_without_overdue_milestones_says_so_in_english(
    sqlite_engine: Engine, names: dict[str, str]
) -> None:
    section = alerts_section(sqlite_engine, W48, Place("440100", "city"), names, "en")
    assert section.title == "Supervision alerts"
    assert section.rows == [] and section.table_title == "No key-task milestone is overdue."
    assert "key tasks 0 red, 1 yellow" in section.lines[0]  # 暖新驿站 due 2 December


def test_the_page_is_in_the_pdf_and_the_pptx(
    sqlite_engine: Engine, names: dict[str, str], tmp_path: Path
) -> None:
    _, files = pack_files(sqlite_engine, W48, Place("440000", "province"), names, "440000", "zh")
    path = tmp_path / "b.pdf"
    path.write_bytes(files["pdf"])
    page = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", str(path), "-"], capture_output=True, text=True
    ).stdout
    for phrase in (
        "督办预警",
        "红色预警",
        "落后序时进度的地区",
        "逾期未完成的重点任务节点",
        "阳江市",
    ):
        assert phrase in page, phrase
    deck = Presentation(io.BytesIO(files["pptx"]))
    slide = list(deck.slides)[3]
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert texts[0] == "督办预警" and "红色预警" in texts[1]
    overdue, tasks = (s.table for s in slide.shapes if s.has_table)
    assert overdue.cell(0, 0).text == "地区" and overdue.cell(1, 2).text == "完成集中摘牌"
    assert tasks.cell(0, 0).text == "任务名称" and len(tasks.rows) == 6
    assert "重点任务进展" in texts
