"""A production install in a real browser: an empty database with DEMO_ON_EMPTY=0, the first
administrator from the command line, and a file imported on the page that the volunteer page
then shows."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from config import ROOT
from tests.browser.conftest import offline_page, sign_in, start_app

ADMIN, PASSWORD = "chief", "Province-Admin-2026"
FILE = (
    "地区,服务日期,服务领域,服务时长（小时）,志愿者人数\n"
    "越秀区,2024-03-01,社区服务,1234.5,30\n"
    "海珠区,2024-03-01,社区服务,765.5,20\n"
)


@pytest.fixture(scope="module")
def production_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dashboard on a new empty SQLite file, no demo, with one administrator."""
    folder = tmp_path_factory.mktemp("production")
    env = dict(
        os.environ,
        SOCIAL_WORK_DATA_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'prod.sqlite'}",
        DEMO_ON_EMPTY="0",
    )
    for args, stdin in ((["upgrade"], None), (["create-admin", "--username", ADMIN,
                                                "--password-stdin"], PASSWORD + "\n")):  # fmt: skip
        run = subprocess.run(
            [sys.executable, "cli.py", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
    with start_app(env) as url:
        yield url


def test_an_empty_production_database_takes_an_import_on_the_page(
    browser: Browser, production_url: str, tmp_path: Path
) -> None:
    page, outside, errors = offline_page(browser, production_url, signed_in=False)
    sign_in(page, ADMIN, PASSWORD)
    page.get_by_text("数据截至：暂无数据").first.wait_for(timeout=60_000)
    page.get_by_role("link", name="数据导入").click()
    page.get_by_text("① 选择数据类别").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(
        {"name": "三月志愿服务.csv", "mimeType": "text/csv", "buffer": FILE.encode("utf-8")}
    )
    page.get_by_text("其中新增 2 行").wait_for(timeout=60_000)
    page.get_by_role("button", name="导入 2 行").click()
    page.get_by_text("导入完成").first.wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    page.get_by_role("link", name="志愿服务").click()
    page.get_by_text("2,000").first.wait_for(timeout=60_000)  # 1234.5 + 765.5 hours
    assert outside == [] and errors == []
    page.close()
