"""`cli.py import` and `cli.py undo-import`: exit codes and messages in Chinese and English."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from config import ROOT
from data_access import models as m
from tests.data_access.intake_support import count, csv_bytes, sqlite_places


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, dict[str, str]]:
    """A private SQLite database with places, and the environment pointing the CLI at it."""
    folder = tmp_path_factory.mktemp("intake_cli")
    engine = sqlite_places(folder / "cli.sqlite")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder / 'cli.sqlite'}",
        "SOCIAL_WORK_DATA_DIR": str(folder),
    }
    return engine, env


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run cli.py with arguments."""
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_then_again_then_undo(cli_db: tuple[Engine, dict[str, str]], tmp_path: Path) -> None:
    engine, env = cli_db
    path = tmp_path / "志愿服务.csv"
    path.write_bytes(
        csv_bytes([["越秀区", "2024年3月1日", "社区服务", "1,200", 30]], encoding="gbk")
    )
    first = _cli(
        env, "import", "--dataset", "volunteer_service", "--file", str(path), "--by", "张三"
    )
    assert first.returncode == 0, first.stderr
    assert "新增 1 行" in first.stdout and "1 new" in first.stdout
    again = _cli(env, "import", "--dataset", "volunteer_service", "--file", str(path))
    assert again.returncode == 0 and "没有变化" in again.stdout
    assert count(engine, m.VolunteerService) == 1
    undo = _cli(env, "undo-import", "--file-name", "志愿服务.csv", "--by", "admin")
    assert undo.returncode == 0, undo.stderr
    assert count(engine, m.VolunteerService) == 0
    nothing = _cli(env, "undo-import", "--file-name", "志愿服务.csv")
    assert nothing.returncode == 1 and "没有可撤销的导入" in nothing.stderr


def test_rejected_file_exits_non_zero_with_reasons(
    cli_db: tuple[Engine, dict[str, str]], tmp_path: Path
) -> None:
    engine, env = cli_db
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            [["越秀区", "2024-03-02", "社区服务", 1, 1], ["火星", "2024-02-30", "社区服务", -1, 1]]
        )
    )
    out = tmp_path / "rejected.csv"
    before = count(engine, m.VolunteerService)
    result = _cli(env, "import", "--dataset", "volunteer_service", "--file", str(path),
                  "--rejected-out", str(out))  # fmt: skip
    assert result.returncode == 1
    assert "整个文件未导入" in result.stderr and "nothing was imported" in result.stderr
    assert "未知的地区：火星" in result.stderr and "不存在的日期" in result.stderr
    assert count(engine, m.VolunteerService) == before
    assert "原因" in out.read_bytes().decode("utf-8-sig")
    partial = _cli(
        env, "import", "--dataset", "volunteer_service", "--file", str(path), "--partial"
    )
    assert partial.returncode == 0 and count(engine, m.VolunteerService) == before + 1


def test_unreadable_file_and_unknown_dataset(
    cli_db: tuple[Engine, dict[str, str]], tmp_path: Path
) -> None:
    _, env = cli_db
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = _cli(env, "import", "--dataset", "suggestion", "--file", str(path))
    assert result.returncode == 1 and "XLSX 文件已损坏" in result.stderr
    assert "Traceback" not in result.stderr
    unknown = _cli(env, "import", "--dataset", "nope", "--file", str(path))
    assert unknown.returncode == 2
