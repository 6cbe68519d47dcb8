"""The command line prints the headline KPIs as JSON with the published facts' keys."""

import json
import os
import subprocess
import sys
from pathlib import Path

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


def test_export_map_writes_images_and_data(sqlite_engine: Engine, tmp_path: Path) -> None:
    out = _cli(
        "export-map",
        "--metric",
        "plaques_removed",
        "--format",
        "png,pdf,csv",
        "--out",
        str(tmp_path),
    )
    assert out.returncode == 0, out.stderr
    png = (tmp_path / "map_plaques_removed_2024.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    pdf = tmp_path / "map_plaques_removed_2024.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "摘除牌子数" in text and "数据截至 2025-12-31" in text
    csv = (tmp_path / "map_plaques_removed_2024.csv").read_text(encoding="utf-8-sig")
    assert csv.startswith("行政区划代码,地区,摘除牌子数（块）") and "广州市" in csv


def test_export_map_refuses_an_unknown_metric(sqlite_engine: Engine, tmp_path: Path) -> None:
    out = _cli("export-map", "--metric", "nonsense", "--out", str(tmp_path))
    assert out.returncode == 2 and "未知的地图指标" in out.stderr


def test_create_admin_reads_the_password_from_stdin(sqlite_engine: Engine) -> None:
    from data_access.accounts import sign_in

    run = subprocess.run(
        [sys.executable, "cli.py", "create-admin", "--username", "chief", "--password-stdin"],
        cwd=ROOT,
        env=dict(os.environ),
        input="Long-secret-2024\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Long-secret-2024" not in run.stdout + run.stderr
    user = sign_in(sqlite_engine, "chief", "Long-secret-2024", attempts=5, lock_minutes=1).user
    assert user is not None and user.role == "admin"
    again = subprocess.run(
        [sys.executable, "cli.py", "create-admin", "--username", "chief", "--password-stdin"],
        cwd=ROOT,
        env=dict(os.environ),
        input="Long-secret-2024\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 2 and "已存在" in again.stderr


def test_briefing_writes_the_pack_in_both_formats(sqlite_engine: Engine, tmp_path: Path) -> None:
    """The scheduled job's command writes the PDF and the PowerPoint with every page."""
    out = _cli("briefing", "--week", "2024-W48", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    pdf = next(tmp_path.glob("*.pdf"))
    pptx = next(tmp_path.glob("*.pptx"))
    assert "社会工作情况简报" in pdf.name and "2024年第48周" in pdf.name
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           14" in info  # cover, cards + summary, alerts, 10 charts, sources
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.splitlines()) == 2 + 10  # a header of two lines, one per chart
    assert pptx.read_bytes()[:2] == b"PK"
