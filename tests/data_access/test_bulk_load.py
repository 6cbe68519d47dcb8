"""The first start's bulk writer stores exactly what the row-by-row insert stores."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, delete, insert, select, text

from config import get_settings
from data_access import models as m
from data_access.bulk import insert_frame
from data_access.engine import make_engine
from data_access.places import fill_places
from data_access.schema import upgrade_schema

COUNTY = "440106"


def _suggestions(first_id: int) -> pd.DataFrame:
    """Three suggestions with gaps: no acceptance, no rating, dates of several kinds."""
    return pd.DataFrame(
        {
            "id": np.arange(first_id, first_id + 3),
            "source_id": [f"S{first_id + i}" for i in range(3)],
            "channel": ["网上", "来信", "来访"],
            "category": ["民生", "城建", "教育"],
            "collection_level": ["county", "county", "county"],
            "adcode": [COUNTY] * 3,
            "received_on": [dt.date(2024, 2, 29), pd.Timestamp("2024-03-01"), "2024-12-31"],
            "accepted_on": [dt.date(2024, 3, 4), None, pd.NaT],
            "concluded_on": [None, None, None],
            "adopted": [True, False, False],
            "satisfaction": [5.0, np.nan, 3.0],  # floats because of the gap
        }
    )


@pytest.fixture(params=["sqlite", "pg"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with the schema and the places but no data."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
        upgrade_schema(engine)
        fill_places(engine, get_settings().province_adcode)
        yield engine
        engine.dispose()
        return
    server = request.getfixturevalue("pg_server")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"sw_bulk_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(server.rsplit("/", 1)[0] + f"/{name}")
    upgrade_schema(engine)
    fill_places(engine, get_settings().province_adcode)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()


def _stored(engine: Engine) -> list[tuple]:
    """The suggestions as the application reads them back."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(m.Suggestion).order_by(m.Suggestion.id))]


def test_bulk_rows_read_back_as_the_row_insert_writes_them(empty_engine: Engine) -> None:
    """Dates, gaps, flags and whole numbers come back the same either way."""
    frame = _suggestions(1)
    with empty_engine.begin() as conn:
        insert_frame(conn, m.Suggestion.__table__, frame)
    bulk = _stored(empty_engine)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        row["received_on"] = pd.Timestamp(row["received_on"]).date()
        row["adopted"] = bool(row["adopted"])
        row["satisfaction"] = None if row["satisfaction"] is None else int(row["satisfaction"])
    with empty_engine.begin() as conn:
        conn.execute(delete(m.Suggestion))
        conn.execute(insert(m.Suggestion), rows)
    assert bulk == _stored(empty_engine)
    assert bulk[0][6:] == (
        dt.date(2024, 2, 29), dt.date(2024, 3, 4), None, True, 5
    )  # fmt: skip
    assert bulk[1][7] is None and bulk[1][9] is False and bulk[1][10] is None


def test_ids_given_in_bulk_leave_room_for_the_next_row(empty_engine: Engine) -> None:
    """After a bulk write with explicit ids, a plain insert gets the next free id."""
    with empty_engine.begin() as conn:
        insert_frame(conn, m.Suggestion.__table__, _suggestions(41))
        row = _suggestions(99).drop(columns="id").iloc[[0]].assign(source_id="NEW")
        row = row.astype(object).where(row.notna(), None).to_dict("records")
        new_id = conn.execute(insert(m.Suggestion).returning(m.Suggestion.id), row).scalar_one()
    assert new_id == 44


def test_indexes_are_there_after_the_bulk_write(empty_engine: Engine) -> None:
    """The plain indexes dropped for the write are built again."""
    from sqlalchemy import inspect

    before = {i["name"] for i in inspect(empty_engine).get_indexes("suggestion")}
    with empty_engine.begin() as conn:
        insert_frame(conn, m.Suggestion.__table__, _suggestions(1))
    after = {i["name"] for i in inspect(empty_engine).get_indexes("suggestion")}
    assert before and after == before


def test_a_column_the_table_lacks_is_refused(empty_engine: Engine) -> None:
    """A misnamed column stops the write before anything is stored."""
    with pytest.raises(ValueError, match="no such columns"), empty_engine.begin() as conn:
        insert_frame(conn, m.Suggestion.__table__, _suggestions(1).assign(colour="red"))
    assert _stored(empty_engine) == []
