"""`cli.py alerts`: the same alerts as the 督办预警 page, as JSON, CSV and XLSX."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
from sqlalchemy import Engine

from config import ROOT, get_settings
from data_access.aggregate import Place
from data_access.meta import dataset_facts, regions
from data_access.vocabulary import SUPERVISION_INDICATORS, label
from metrics import periods
from services.supervision_view import alert_list, behind_since_column, progress_table


def _cli(*args: str) -> subprocess.CompletedProcess:
    """Run cli.py with the test environment."""
    return subprocess.run(
        [sys.executable, "cli.py", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        timeout=120,
    )


def _direct(
    engine: Engine, period: periods.Period, place: Place
) -> tuple[dt.date, pd.DataFrame, pd.DataFrame]:
    """The alert list and progress table as the page computes them."""
    settings = get_settings()
    facts = dataset_facts(engine)
    as_of = min(period.end, facts.get("data_as_of") or facts.get("last_day") or period.end)
    places = regions(engine)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    progressed = progress_table(engine, period.start.year, as_of, place, settings, names)
    return as_of, alert_list(engine, as_of, place, settings, names, progressed), progressed


def test_json_counts_equal_the_page(sqlite_engine: Engine) -> None:
    out = _cli("alerts", "--week", "2024-W48", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    as_of, alerts, progressed = _direct(
        sqlite_engine, periods.iso_week(2024, 48), Place(get_settings().province_adcode, "province")
    )
    assert data["as_of"] == as_of.isoformat()
    assert data["counts"]["red"] == int((alerts["status"] == "red").sum()) > 0
    assert data["counts"]["yellow"] == int((alerts["status"] == "yellow").sum())
    assert len(data["alerts"]) == len(alerts)
    behind = progressed[progressed["status"].isin(["red", "yellow"])]
    assert sorted(r["行政区划代码"] for r in data["behind_schedule"]) == sorted(behind["adcode"])


def test_place_scopes_the_alerts(sqlite_engine: Engine) -> None:
    out = _cli("alerts", "--year", "2024", "--place", "440100", "--format", "json", "--lang", "en")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    _, alerts, _ = _direct(sqlite_engine, periods.year(2024), Place("440100", "city"))
    assert len(data["alerts"]) == len(alerts)
    assert data["place"]["adcode"] == "440100"
    assert all(r["Admin code"].startswith("4401") for r in data["alerts"])
    assert list(data["alerts"][0]) == [
        "Status",
        "Place",
        "Alert",
        "Rule",
        "Figure",
        "Since",
        "Admin code",
    ]


def test_xlsx_opens_with_chinese_headers(sqlite_engine: Engine, tmp_path: Path) -> None:
    target = tmp_path / "alerts.xlsx"
    out = _cli("alerts", "--month", "2024-11", "--format", "xlsx", "--out", str(target))
    assert out.returncode == 0, out.stderr
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["预警·督办", "落后序时进度", "重点任务"]
    sheet = book["预警·督办"]
    headers = [c.value for c in sheet[1]]
    assert headers == ["状态", "地区", "预警类型", "触发规则", "数值", "起始日期", "行政区划代码"]
    _, alerts, _ = _direct(
        sqlite_engine, periods.month(2024, 11), Place(get_settings().province_adcode, "province")
    )
    assert sheet.max_row - 1 == len(alerts)
    reds = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if "红" in str(r[0])]
    assert len(reds) == int((alerts["status"] == "red").sum())


def test_csv_has_one_row_per_alert(sqlite_engine: Engine) -> None:
    out = _cli("alerts", "--week", "2024-W48", "--format", "csv")
    assert out.returncode == 0, out.stderr
    lines = io.StringIO(out.stdout.decode("utf-8-sig")).read().splitlines()
    _, alerts, _ = _direct(
        sqlite_engine, periods.iso_week(2024, 48), Place(get_settings().province_adcode, "province")
    )
    assert len(lines) - 1 == len(alerts)


def test_bad_arguments_exit_2_with_a_message(sqlite_engine: Engine) -> None:
    week = _cli("alerts", "--week", "2024-W60", "--format", "json")
    assert week.returncode == 2 and "期间格式错误 / bad period" in week.stderr.decode()
    place = _cli("alerts", "--week", "2024-W48", "--place", "999999", "--format", "json")
    assert place.returncode == 2
    assert "未知的行政区划代码 / unknown adcode: 999999" in place.stderr.decode()


def test_behind_schedule_rows_say_since_when(sqlite_engine: Engine, tmp_path: Path) -> None:
    out = _cli("alerts", "--week", "2024-W48", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["behind_schedule"]
    as_of, _, progressed = _direct(
        sqlite_engine, periods.iso_week(2024, 48), Place(get_settings().province_adcode, "province")
    )
    since = behind_since_column(sqlite_engine, progressed, as_of, get_settings())
    expected = {
        (a, label(SUPERVISION_INDICATORS, i)): d.isoformat()
        for a, i, d in zip(progressed["adcode"], progressed["indicator"], since, strict=True)
        if d is not None
    }
    assert rows and {(r["行政区划代码"], r["指标"]): r["起始日期"] for r in rows} == expected
    assert all("2024-01-31" <= r["起始日期"] <= "2024-12-01" for r in rows)
    target = tmp_path / "alerts.xlsx"
    out = _cli("alerts", "--week", "2024-W48", "--format", "xlsx", "--out", str(target))
    assert out.returncode == 0, out.stderr
    sheet = openpyxl.load_workbook(target)["落后序时进度"]
    headers = [c.value for c in sheet[1]]
    assert headers[-2:] == ["起始日期", "行政区划代码"]
    days = [r[-2] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert days == [r["起始日期"] for r in rows]


def test_the_scheduled_job_loads_neither_streamlit_nor_alembic(sqlite_engine: Engine) -> None:
    # Loading them was a second of the job's 3 s budget; the figures are tested above.
    script = (
        "import sys, cli; code = cli.main(['alerts', '--week', '2024-W48', '--format', 'csv',"
        " '--out', sys.argv[1]]); print(code, sorted(m for m in ('streamlit', 'alembic',"
        " 'data_access.intake.pipeline') if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / ".pytest_cache" / "alerts.csv")],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stderr.strip().splitlines()[-1] == "0 []", out.stderr
