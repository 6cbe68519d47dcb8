"""`cli.py alerts` for 2025: the indicators added to the targets, in Chinese, with since when."""

import json
import os
import subprocess
import sys

from sqlalchemy import Engine

from config import ROOT


def test_the_added_indicators_are_in_the_alerts(sqlite_engine: Engine) -> None:
    out = subprocess.run(
        [sys.executable, "cli.py", "alerts", "--year", "2025", "--format", "json"],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["as_of"] == "2025-12-31"
    behind = {r["指标"] for r in data["behind_schedule"]}
    assert {"每万人志愿服务时长", "仍挂牌子种类数", "建议按时受理率"} <= behind
    assert "已组建社会工作部门数" not in behind  # every department formed: all green
    rows = [r for r in data["alerts"] if r["预警类型"] in ("落后序时进度", "超过上限")]
    assert rows and all(r["起始日期"].startswith("2025-") for r in rows)
    kinds = [r for r in rows if "仍挂牌子种类数" in r["触发规则"]]
    assert all(r["预警类型"] == "超过上限" for r in kinds)  # an at-most target is not "behind"
    assert kinds and all(r["起始日期"] == "2025-12-31" for r in kinds)  # status dated that day
    assert all(r["触发规则"].startswith("仍挂牌子种类数超过上限") for r in kinds)  # at most 21
    assert not any("落后序时进度" in r["触发规则"] for r in kinds)
    assert any("超过上限 10% 及以上" in r["触发规则"] for r in kinds)
