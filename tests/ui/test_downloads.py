"""Every data download leaves a line in the security log: who, which file, from where."""

from __future__ import annotations

from sqlalchemy import Engine

from data_access.security_log import read_events
from ui.downloads import logged_for


def test_taking_a_file_writes_a_download_event(sqlite_engine: Engine) -> None:
    """The event is written when the file is built (the click), with its size."""
    before = len(read_events(sqlite_engine, events=["download"]))
    make = logged_for(
        sqlite_engine, "gz_viewer", "10.1.2.3", lambda: "地区,件数\n广州市,1\n", "建议_广州市.csv"
    )
    assert len(read_events(sqlite_engine, events=["download"])) == before  # not yet taken
    data = make()
    assert data.decode("utf-8").startswith("地区")
    events = read_events(sqlite_engine, events=["download"])
    assert len(events) == before + 1
    newest = events.iloc[0]
    assert (newest["username"], newest["target"], newest["address"]) == (
        "gz_viewer", "建议_广州市.csv", "10.1.2.3"
    )  # fmt: skip
    assert newest["detail"] == f"{len(data):,} bytes"


def test_a_failed_build_logs_nothing(sqlite_engine: Engine) -> None:
    """No file, no event."""
    before = len(read_events(sqlite_engine, events=["download"]))

    def broken() -> bytes:
        raise OSError("export server gone")

    make = logged_for(sqlite_engine, "gz_viewer", None, broken, "x.png")
    try:
        make()
    except OSError:
        pass
    assert len(read_events(sqlite_engine, events=["download"])) == before
