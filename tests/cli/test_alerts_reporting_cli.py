"""`cli.py alerts` carries the 未按时报送 alerts of the 督办预警 page, counted alike."""

import json
import os
import subprocess
import sys

from sqlalchemy import Engine

from config import ROOT
from tests.pages.apptest import run_app


def _cli(*args: str) -> subprocess.CompletedProcess:
    """Run cli.py with the test environment."""
    return subprocess.run(
        [sys.executable, "cli.py", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        timeout=120,
    )


def test_missing_report_alerts_equal_the_page(sqlite_engine: Engine) -> None:
    out = _cli("alerts", "--year", "2024", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    missing = [r for r in data["alerts"] if r["预警类型"] == "未按时报送"]
    assert data["counts"]["missing_report"] == len(missing) == 7
    at = run_app("pages/supervision.py")  # the page judges 2024 on 2024-12-31 as well
    page = next(d.value for d in at.dataframe if "预警类型" in d.value.columns)
    shown = page[page["预警类型"] == "未按时报送"]
    assert len(shown) == len(missing)
    assert sorted(shown["地区"]) == sorted(r["地区"] for r in missing)
    assert sorted(shown["起始日期"]) == sorted(r["起始日期"] for r in missing)
    assert (shown["状态"] == "● 红灯").sum() == sum(r["状态"] == "● 红灯" for r in missing) == 2
    red = next(r for r in missing if r["行政区划代码"] == "440113")
    assert red["触发规则"] == "摘牌数（周报）应每周报送；第51周 12/16—12/22截至 2024-12-24 未报送"
    assert red["数值"] == "连续 3 期未报" and red["起始日期"] == "2024-12-02"


def test_missing_report_alerts_in_english_csv() -> None:
    out = _cli("alerts", "--month", "2024-12", "--format", "csv", "--lang", "en")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8-sig")
    assert text.count("Report missing") == 7
    assert "Volunteer service (monthly) is due monthly; Nov 2024 not in by 2024-12-10" in text
