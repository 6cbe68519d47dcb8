"""Property: whatever the file, the importer never raises and never commits part of a file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import Engine, func, select

from data_access import models as m
from data_access.intake.pipeline import commit_import, prepare_import
from tests.data_access.intake_support import VOLUNTEER_HEADER, sqlite_places, xlsx_bytes

JUNK = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        ["<script>alert(1)</script>", "=1+1", "合计", "'; DROP TABLE region; --", "　"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
PLACE = st.one_of(st.sampled_from(["越秀区", "440104", "广州市海珠区", "福田区", "440300"]), JUNK)
DATE = st.one_of(
    st.sampled_from(["2023-01-01", "2023/1/2", "2023年1月3日", "44929", "2023-02-30"]), JUNK
)
FIELD = st.one_of(st.sampled_from(["社区服务", "medical", "Emergency", "其他"]), JUNK)
NUMBER = st.one_of(
    st.integers(min_value=0, max_value=5000), st.sampled_from(["1,234", "１２"]), JUNK
)
ROW = st.lists(st.one_of(PLACE, DATE, FIELD, NUMBER, NUMBER), min_size=5, max_size=5).map(list)
MESSY_ROWS = st.lists(st.tuples(PLACE, DATE, FIELD, NUMBER, NUMBER).map(list), max_size=12)
VALID_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["越秀区", "440104", "广州市海珠区", "福田区"]),
        st.sampled_from(["2023-01-01", "2023/1/2", "2023年1月3日", "44929"]),
        st.sampled_from(["社区服务", "medical", "Emergency"]),
        st.integers(min_value=0, max_value=5000),
        st.sampled_from(["1,234", "１２", 7]),
    ).map(list),
    min_size=1,
    max_size=12,
)
ROWS = st.one_of(MESSY_ROWS, VALID_ROWS)


def _csv(rows: list[list[object]], header: list[str]) -> bytes:
    """Rows written as CSV text (None as an empty cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> object:
    """A value openpyxl can store: numbers and None as they are, the rest as legal text."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _xlsx(rows: list[list[object]], header: list[str]) -> bytes:
    """Rows as an XLSX sheet; values openpyxl cannot hold become text."""
    safe = [[_cell(v) for v in row] for row in rows]
    return xlsx_bytes([header, *safe])


@pytest.fixture(scope="module")
def prop_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A private SQLite database with places only."""
    return sqlite_places(Path(tmp_path_factory.mktemp("prop")) / "prop.sqlite")


def _state(engine: Engine) -> tuple:
    """A fingerprint of the volunteer table."""
    table = m.VolunteerService
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                select(func.count(), func.sum(table.hours), func.sum(table.volunteers))
            ).one()
        )


def _stored(engine: Engine) -> dict[tuple, tuple]:
    """Every stored volunteer row by natural key."""
    t = m.VolunteerService
    with engine.connect() as conn:
        rows = conn.execute(select(t.adcode, t.service_date, t.field, t.hours, t.volunteers))
        return {(a, d, f): (h, v) for a, d, f, h, v in rows}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=ROWS,
    fmt=st.sampled_from(["csv", "xlsx", "gbk"]),
    english=st.booleans(),
    partial=st.booleans(),
    title=st.booleans(),
)
def test_never_partial_never_raises(
    prop_engine: Engine,
    rows: list[list[object]],
    fmt: str,
    english: bool,
    partial: bool,
    title: bool,
) -> None:
    header = ["place", "date", "field", "hours", "volunteers"] if english else VOLUNTEER_HEADER
    if title:
        rows = [["统计表"], *rows] if fmt == "xlsx" else rows
    if fmt == "xlsx":
        data = _xlsx(rows, header)
    else:
        data = _csv(rows, header)
        if fmt == "gbk":
            try:
                data = data.decode("utf-8").encode("gbk")
            except UnicodeEncodeError:
                pass  # text GBK cannot hold stays UTF-8: the reader must take either
    before = _state(prop_engine)
    prepared = prepare_import(prop_engine, "volunteer_service", f"p.{fmt}", data)
    result = commit_import(prop_engine, prepared, imported_by="prop", partial=partial)
    after = _state(prop_engine)
    event(result.status)
    if not result.ok or result.status == "unchanged":
        assert after == before
        return
    assert partial or prepared.rejected == 0
    stored = _stored(prop_engine)
    valid = prepared.checked.valid
    for key in zip(valid["adcode"], valid["service_date"], valid["field"], strict=True):
        assert key in stored
    assert after[0] == before[0] + result.inserted


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["x.csv", "x.xlsx", "x"]))
def test_any_bytes_are_refused_or_checked_without_raising(
    prop_engine: Engine, data: bytes, name: str
) -> None:
    before = _state(prop_engine)
    prepared = prepare_import(prop_engine, "volunteer_service", name, data)
    result = commit_import(prop_engine, prepared, imported_by="prop")
    assert result.status in ("rejected", "committed", "unchanged")
    if result.status == "rejected":
        assert _state(prop_engine) == before
