"""The demo's reporting mix at the end of 2024: most county units on time, a few late or missing.

Missing: a few county units have no plaque-removal rows for the last weeks of 2024 (their
plaques are counted on their last Friday before, so every total stays as published) and a few
have no volunteer rows for October or November 2024. Late: a few files of December's plaque
week 50 and of October's volunteer totals came in after their due day, as import-history
entries (the rows themselves are the demo's). Their log entries are of dataset "demo", as the
demo load's own, so no dataset's history or undo list shows them; their row keys
(import_change) carry the real dataset, which is what lateness reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert, select

from data_access import models as m
from data_access.intake.writing import key_texts

DEMO_BY = "demo (late files)"
PLAQUE_GAPS = (  # (units, Fridays without a row): a red, yellow and pending mix at 2024-12-31
    (1, ("2024-12-06", "2024-12-13", "2024-12-20", "2024-12-27")),
    (3, ("2024-12-20", "2024-12-27")),
    (1, ("2024-12-27",)),
)
VOLUNTEER_GAPS = ((1, ("2024-10", "2024-11")), (2, ("2024-11",)))
LATE = (  # (dataset, units, first day, last day, imported on)
    ("plaque_removal", 3, "2024-12-13", "2024-12-13", "2024-12-19"),
    ("volunteer_service", 3, "2024-10-01", "2024-10-31", "2024-11-14"),
)


@dataclass(frozen=True)
class Gaps:
    """Which county units miss which days, and which files came in late."""

    plaque: list[tuple[str, tuple[dt.date, ...]]]
    volunteer: list[tuple[str, tuple[str, ...]]]  # months as YYYY-MM
    late: list[tuple[str, str, dt.date, dt.date, dt.datetime]]


def draw_gaps(units: pd.DataFrame, rng: np.random.Generator) -> Gaps:
    """Pick distinct county units for every gap and late file, one of Guangzhou's first."""
    wanted = sum(n for n, _ in PLAQUE_GAPS + VOLUNTEER_GAPS) + sum(x[1] for x in LATE)
    guangzhou = units.index[units["city_adcode"] == "440100"].tolist()
    order = [int(i) for i in rng.permutation(len(units))]
    if guangzhou:
        first = int(rng.choice(guangzhou))
        order = [first] + [i for i in order if i != first]
    codes = iter(units["adcode"].to_numpy()[order[:wanted]].tolist())
    day = dt.date.fromisoformat
    plaque = [(next(codes), tuple(map(day, d))) for n, d in PLAQUE_GAPS for _ in range(n)]
    volunteer = [(next(codes), months) for n, months in VOLUNTEER_GAPS for _ in range(n)]
    late = [
        (ds, next(codes), day(a), day(b), dt.datetime.fromisoformat(f"{on}T16:30:00"))
        for ds, n, a, b, on in LATE
        for _ in range(n)
    ]
    return Gaps(plaque, volunteer, late)  # type: ignore[arg-type]  # tuples of month texts


def apply_gaps(
    plaques: pd.DataFrame, volunteer: pd.DataFrame, gaps: Gaps
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The plaque and volunteer rows with the gaps cut out; a cut plaque week's count is added
    to the unit's last Friday before the gap, so every total stays the same."""
    plaques = plaques.copy()
    for adcode, days in gaps.plaque:
        mine = plaques["adcode"] == adcode
        cut = mine & plaques["removed_on"].isin(days)
        keep = mine & (plaques["removed_on"] < min(days))
        last = plaques.index[keep][plaques.loc[keep, "removed_on"].argmax()]  # type: ignore[call-overload]  # a numpy integer indexes
        plaques.loc[last, "plaques_removed"] += plaques.loc[cut, "plaques_removed"].sum()
        plaques = plaques[~cut]
    month = pd.to_datetime(volunteer["service_date"]).dt.strftime("%Y-%m")
    drop = np.zeros(len(volunteer), dtype=bool)
    for adcode, months in gaps.volunteer:
        drop |= ((volunteer["adcode"] == adcode) & month.isin(months)).to_numpy()
    return plaques.reset_index(drop=True), volunteer[~drop].reset_index(drop=True)


def late_files(gaps: Gaps) -> list[dict[str, Any]]:
    """The late files as rows for load_demo (dataset, adcode, first and last day, when)."""
    return [
        {"dataset": ds, "adcode": a, "first": f, "last": la, "imported_at": at}
        for ds, a, f, la, at in gaps.late
    ]


DATE_OF = {"plaque_removal": "removed_on", "volunteer_service": "service_date"}
KEY_OF = {
    "plaque_removal": ("adcode", "removed_on"),
    "volunteer_service": ("adcode", "service_date", "field"),
}


def remove_demo_history(conn: Connection) -> None:
    """Delete the demo's late-file entries from the import history."""
    ids = select(m.ImportLog.id).where(m.ImportLog.imported_by == DEMO_BY)
    conn.execute(delete(m.ImportChange).where(m.ImportChange.import_id.in_(ids)))
    conn.execute(delete(m.ImportPlace).where(m.ImportPlace.import_id.in_(ids)))
    conn.execute(delete(m.ImportLog).where(m.ImportLog.imported_by == DEMO_BY))


def _rows_of(
    table: pd.DataFrame | list[dict[str, Any]],
    adcode: str,
    column: str,
    first: dt.date,
    last: dt.date,
) -> list[dict[str, Any]]:
    """A demo table's rows of one place between two days, as row dicts."""
    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    if frame.empty:
        return []
    days = frame[column]
    mine = (frame["adcode"] == adcode) & (days >= first) & (days <= last)
    return frame[mine].to_dict("records")  # type: ignore[return-value]  # column names are text


def write_late_history(
    conn: Connection,
    tables: dict[str, pd.DataFrame | list[dict[str, Any]]],
    files: list[dict[str, Any]],
) -> None:
    """One import-history entry per late file, with the keys of the demo rows it wrote."""
    region = tables["region"]
    regions = region.to_dict("records") if isinstance(region, pd.DataFrame) else region
    city_of = {r["adcode"]: r["city_adcode"] for r in regions}
    for f in files:
        rows = _rows_of(
            tables[f["dataset"]], f["adcode"], DATE_OF[f["dataset"]], f["first"], f["last"]
        )
        import_id = conn.execute(  # type: ignore[index]  # a one-row INSERT always returns its key
            insert(m.ImportLog).values(
                dataset="demo",  # like the demo load: not in a dataset's history or undo list
                file_name=f"演示：{f['adcode']} {f['first']:%Y-%m-%d} 补报 (demo late file)",
                file_hash="demo",
                imported_by=DEMO_BY,
                imported_at=f["imported_at"],
                rows_accepted=len(rows),
                rows_rejected=0,
                note="demo: a file that came in after its due day",
                scope_adcode=f["adcode"],
            )
        ).inserted_primary_key[0]
        keys = key_texts([tuple(r[k] for k in KEY_OF[f["dataset"]]) for r in rows])
        if keys:
            conn.execute(
                insert(m.ImportChange),
                [
                    {
                        "import_id": import_id,
                        "dataset": f["dataset"],
                        "natural_key": k,
                        "previous": None,
                    }
                    for k in keys
                ],
            )
        conn.execute(
            insert(m.ImportPlace).values(
                import_id=import_id, adcode=f["adcode"], city_adcode=city_of.get(f["adcode"])
            )
        )
