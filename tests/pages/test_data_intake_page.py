"""The data-import page: templates, upload and check, commit, history, undo, roles, escaping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access import models as m
from data_access.accounts import User
from tests.data_access.intake_support import count, csv_bytes, sqlite_places
from tests.pages.apptest import run_app

PAGE = "pages/data_intake.py"


def test_page_offers_datasets_and_templates() -> None:
    at = run_app(page=PAGE)
    assert at.title[0].value == "数据导入"
    assert at.selectbox(key="intake_dataset").value == "volunteer_service"
    assert len(at.get("download_button")) >= 2
    assert len(at.get("file_uploader")) == 1


def test_viewers_are_refused() -> None:
    at = run_app(page=PAGE, user=User("v", "viewer"))
    assert at.error and not at.get("file_uploader")


def _sections_script() -> None:
    """The page's sections on a private database (URL from the environment)."""
    import os

    from data_access.engine import make_engine
    from ui.intake_sections import (
        commit_section,
        dataset_section,
        history_section,
        preview_section,
        upload_section,
    )

    engine = make_engine(os.environ["INTAKE_TEST_URL"])
    spec = dataset_section()
    prepared = upload_section(engine, spec, None)
    if prepared is not None:
        preview_section(prepared)
        commit_section(engine, prepared, "tester")
    history_section(engine, spec, "tester", True)


@pytest.fixture(scope="module")
def private_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private SQLite database with places only, named in the environment for the script."""
    path = Path(tmp_path_factory.mktemp("intake_page")) / "page.sqlite"
    sqlite_places(path)
    url = f"sqlite:///{path}"
    os.environ["INTAKE_TEST_URL"] = url
    return url


def _upload(data: bytes, name: str = "上传.csv", **state: object) -> AppTest:
    """Run the sections with a file uploaded (two runs: draw, then upload)."""
    at = AppTest.from_function(_sections_script, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.file_uploader(key="intake_file_volunteer_service").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_rejected_rows_block_the_commit_and_show_as_text(private_url: str) -> None:
    data = csv_bytes(
        [
            ["越秀区", "2023-01-01", "社区服务", 1, 1],
            ["<script>alert(1)</script>", "2023-01-01", "社区服务", 1, 1],
        ]
    )
    at = _upload(data, name="<b>x</b>.csv")
    assert [mt.value for mt in at.metric] == ["1 行", "1 行", "0 行"]
    assert at.button(key="intake_commit").disabled
    assert any("改正后重新上传" in w.value for w in at.warning)
    frames = [df.value for df in at.dataframe]
    reasons = [f for f in frames if "原因" in f.columns][0]
    assert "未知的地区：<script>alert(1)</script>" in reasons["原因"].iloc[0]
    assert "<b>x</b>.csv" in at.text[0].value  # the file name is plain text, not markup


def test_commit_then_history_and_undo(private_url: str) -> None:
    from data_access.engine import make_engine

    engine = make_engine(private_url)
    before = count(engine, m.VolunteerService)
    data = csv_bytes(
        [["越秀区", "2023-02-01", "社区服务", 5, 2], ["海珠区", "2023-02-01", "医疗卫生", 3, 1]]
    )
    at = _upload(data, name="feb.csv")
    at.button(key="intake_commit").click().run()
    assert not at.exception
    assert any("新增 2 行" in s.value for s in at.success)
    assert count(engine, m.VolunteerService) == before + 2
    history = [df.value for df in at.dataframe if "文件名" in df.value.columns][0]
    assert history["文件名"].iloc[0] == "feb.csv" and history["状态"].iloc[0] == "已导入"
    at.selectbox(key="intake_undo_file").set_value("feb.csv")
    at.button(key="intake_undo").click().run()
    assert any("已撤销导入编号" in s.value for s in at.success)
    assert count(engine, m.VolunteerService) == before


def test_too_large_upload_is_refused_with_a_message(
    private_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_UPLOAD_MB", "0.001")
    at = _upload(b"x" * 2000)
    assert any("文件过大" in e.value for e in at.error)
