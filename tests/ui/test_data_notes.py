"""The data notes sections on their own (AppTest.from_function): demo or imported data and the
dates it covers, every definition with the configured time limits, and the import history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from config import get_settings
from data_access.engine import make_engine
from data_access.schema import upgrade_schema
from i18n import t
from services.briefing import DEFINITION_KEYS


def _notes_script() -> None:
    """The three sections for the facts put in the session (the imports given an engine)."""
    import streamlit as st

    from ui.data_notes import dataset_section, definitions_section, imports_section

    dataset_section(st.session_state["facts"])
    definitions_section()
    if st.session_state.get("engine") is not None:
        imports_section(st.session_state["engine"], None)


def _notes(lang: str = "zh", engine: Engine | None = None, **facts: object) -> AppTest:
    at = AppTest.from_function(_notes_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["engine"] = engine
    at.session_state["facts"] = facts
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


FACTS = {
    "first_day": dt.date(2024, 1, 1),
    "last_day": dt.date(2024, 12, 31),
    "data_as_of": dt.date(2024, 12, 31),
}


@pytest.mark.parametrize(("demo", "key"), [(True, "notes.demo_yes"), (False, "notes.demo_no")])
def test_says_whether_demo_data_is_loaded_and_its_dates(demo: bool, key: str) -> None:
    at = _notes(demo=demo, **FACTS)
    assert at.subheader[0].value == t("notes.dataset", "zh")
    shown = [m.value for m in at.markdown]
    assert t(key, "zh") in shown
    assert "数据覆盖 2024-01-01 至 2024-12-31，数据截至 2024-12-31。" in shown


def test_every_definition_with_the_time_limits() -> None:
    at = _notes(demo=True, **FACTS)
    assert at.subheader[1].value == t("notes.definitions", "zh")
    limits = get_settings()
    expected = [
        "- "
        + t(k, "zh", accept=limits.acceptance_limit_days, conclude=limits.conclusion_limit_days)
        for k in DEFINITION_KEYS
    ]
    shown = [m.value for m in at.markdown]
    assert all(line in shown for line in expected)
    on_time = next(line for line in shown if line.startswith("- 受理、办结均在时限内"))
    assert f"收件后{limits.acceptance_limit_days}日内受理" in on_time
    assert f"受理后{limits.conclusion_limit_days}日内办结" in on_time


def test_english_notes() -> None:
    at = _notes("en", demo=False, **FACTS)
    assert at.subheader[0].value == "Data set"
    assert "Data covers 2024-01-01 to 2024-12-31; data as of 2024-12-31." in [
        m.value for m in at.markdown
    ]


def test_no_imports_yet_says_so(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    upgrade_schema(engine)
    at = _notes(engine=engine, demo=False, **FACTS)
    assert at.subheader[2].value == t("notes.imports", "zh")
    assert [i.value for i in at.info] == [t("empty", "zh")]
    assert not at.dataframe
    engine.dispose()
