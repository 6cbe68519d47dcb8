"""The result cache: the data-version memo across processes, and views kept apart by scope."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from data_access import cache
from data_access.cache import cached_view, data_version
from data_access.data_version import bump_data_version
from data_access.engine import make_engine
from data_access.schema import upgrade_schema
from data_access.scope import set_visible_place


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """An empty database with the schema."""
    engine = make_engine(f"sqlite:///{tmp_path / 'cache.db'}")
    upgrade_schema(engine)
    return engine


def _other_process_imports(engine: Engine) -> None:
    """Change the version token the way another process's import does (not through this one)."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM dataset_info WHERE key = 'data_version'"))
        conn.execute(text("INSERT INTO dataset_info (key, value) VALUES ('data_version', 'x1')"))


def test_another_processes_import_shows_once_the_memo_expires(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    before = data_version(engine)
    _other_process_imports(engine)
    clock[0] += cache.VERSION_TTL_S / 2
    assert data_version(engine) == before  # within the memo's second: not read again
    clock[0] += cache.VERSION_TTL_S
    assert data_version(engine) != before


def test_this_processes_own_write_shows_at_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache.time, "monotonic", lambda: 1000.0)  # the clock stands still
    before = data_version(engine)
    with engine.begin() as conn:
        bump_data_version(conn)
    assert data_version(engine) != before


def test_a_view_computed_for_one_city_never_serves_another(engine: Engine) -> None:
    calls: list[str] = []

    @cached_view
    def shown(engine: Engine, label: str) -> str:
        calls.append(label)
        return f"{label}-{len(calls)}"

    try:
        set_visible_place("440100", None)
        first = shown(engine, "alerts")
        assert shown(engine, "alerts") == first  # same scope: from the cache
        set_visible_place("440300", None)
        assert shown(engine, "alerts") != first  # another city: computed for it
        set_visible_place(None, None)
        assert len({shown(engine, "alerts"), first}) == 2
    finally:
        set_visible_place(None, None)
    assert len(calls) == 3


def test_outside_streamlit_a_query_is_memoised_per_data_version(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "streamlit", raising=False)  # as in cli.py
    calls: list[int] = []

    @cached_view
    def counts(engine: Engine, year: int) -> dict[str, list[int]]:
        calls.append(year)
        return {"red": [len(calls)]}

    first = counts(engine, 2024)
    first["red"].append(99)  # the caller changes its copy; the memo keeps its own
    assert counts(engine, 2024) == {"red": [1]}
    assert len(calls) == 1
    with engine.begin() as conn:
        bump_data_version(conn)
    assert counts(engine, 2024) == {"red": [2]}  # new data: computed again
    assert "streamlit" not in sys.modules
