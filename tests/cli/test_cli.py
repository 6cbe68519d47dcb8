"""The command line prints the headline KPIs as JSON with the published facts' keys."""

import json
import os
import subprocess
import sys

from sqlalchemy import Engine

from config import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    """Run cli.py with the test environment."""
    return subprocess.run(
        [sys.executable, "cli.py", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_kpis_json_for_2024(sqlite_engine: Engine) -> None:
    out = _cli("kpis", "--year", "2024")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["suggestions_petition_channel"] == 38389
    assert data["signs_removed"] > 400000
    assert data["community_workers_per_10k_urban"] == 17.6


def test_kpis_for_a_city_and_a_week(sqlite_engine: Engine) -> None:
    out = _cli("kpis", "--week", "2024-W48", "--place", "440100")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["period"]["start"] == "2024-11-25" and data["place"]["adcode"] == "440100"


def test_unknown_place_is_refused_in_chinese(sqlite_engine: Engine) -> None:
    out = _cli("kpis", "--place", "999999")
    assert out.returncode != 0 and "未知的行政区划代码" in out.stderr
