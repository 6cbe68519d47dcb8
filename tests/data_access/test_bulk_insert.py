"""Big generic imports (PostgreSQL: rows through COPY) store exactly what row-by-row inserts
store: the same suggestions, import_change entries, rollups and undo, on both databases."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine, text

from data_access import rollup_defs
from data_access.intake import writing
from data_access.intake.pipeline import import_file
from data_access.intake.undo import undo_last_import
from tests.data_access.intake_support import intake_engine  # noqa: F401 - fixture

HEADER = ["建议编号", "征集渠道", "建议类别", "征集层级", "地区"]
HEADER += ["收到日期", "受理日期", "办结日期", "是否采纳", "满意度"]


def suggestions_csv(n: int) -> bytes:
    """n suggestions: open and concluded ones, blank ratings, an id with a quote and a comma."""
    rng = np.random.default_rng(5)
    received = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D")
    accepted = received + pd.to_timedelta(rng.integers(0, 9, n), unit="D")
    done = rng.random(n) < 0.6
    frame = pd.DataFrame(
        {
            HEADER[0]: [f"S{i:06d}" for i in range(n)],
            HEADER[1]: rng.choice(["hotline", "online", "12345热线"], n),
            HEADER[2]: rng.choice(["livelihood", "economy"], n),
            HEADER[3]: rng.choice(["city", "county"], n),
            HEADER[4]: rng.choice(["440103", "越秀区", "441900"], n),
            HEADER[5]: received.strftime("%Y-%m-%d"),
            HEADER[6]: np.where(rng.random(n) < 0.8, accepted.strftime("%Y-%m-%d"), ""),
            HEADER[7]: "",
            HEADER[8]: np.where(done, "是", "否"),
            HEADER[9]: np.where(done, rng.integers(1, 6, n).astype(str), ""),
        }
    )
    frame.loc[0, HEADER[0]] = 'S"1,2'
    return frame.to_csv(index=False).encode("utf-8")


def stored(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The suggestions and the last import's import_change entries, without ids, sorted."""
    with engine.connect() as conn:
        rows = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT source_id, channel, category, collection_level, adcode, received_on, "
                    "accepted_on, concluded_on, adopted, satisfaction FROM suggestion"
                )
            ).all()
        )
        changes = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT dataset, natural_key, previous FROM import_change "
                    "WHERE import_id = (SELECT MAX(import_id) FROM import_change)"
                )
            ).all()
        )
    rows = rows.astype(str).sort_values("source_id").reset_index(drop=True)
    changes = changes.astype(str).sort_values("natural_key").reset_index(drop=True)
    return rows, changes


def test_copy_and_row_inserts_store_the_same(intake_engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    engine = intake_engine
    data = suggestions_csv(3000)
    _, bulk = import_file(engine, "suggestion", "大批.csv", data, imported_by="t")
    assert (bulk.status, bulk.inserted) == ("committed", 3000)
    via_copy = stored(engine)
    assert 'S"1,2' in set(via_copy[0]["source_id"])
    with engine.connect() as conn:
        assert rollup_defs.mismatches(conn) == {}
    undone = undo_last_import(engine, "大批.csv", undone_by="admin")
    assert undone.deleted == 3000
    monkeypatch.setattr(writing, "COPY_MIN_ROWS", 10**9)  # every row bound by the driver
    import_file(engine, "suggestion", "逐行.csv", data, imported_by="t")
    via_rows = stored(engine)
    pd.testing.assert_frame_equal(via_copy[0], via_rows[0])
    pd.testing.assert_frame_equal(via_copy[1], via_rows[1])
    undo_last_import(engine, "逐行.csv", undone_by="admin")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM suggestion")).scalar_one() == 0
        assert rollup_defs.mismatches(conn) == {}
