"""Imports at the same time, and an import killed halfway: totals right, files whole or absent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from config import ROOT
from data_access import models as m
from data_access.intake.pipeline import import_file
from tests.data_access.intake_support import (
    VOLUNTEER_HEADER,
    count,
    intake_engine,  # noqa: F401 - fixture
)

UNITS = ["440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114"]


def _file(days: pd.DatetimeIndex) -> bytes:
    """Volunteer rows for every unit and field on the given days; hours fixed by the key."""
    rows = [
        [unit, day.strftime("%Y-%m-%d"), field, (i % 7) + 1.5, 2]
        for day in days
        for i, unit in enumerate(UNITS)
        for field in ("community", "medical", "other")
    ]
    return pd.DataFrame(rows, columns=VOLUNTEER_HEADER).to_csv(index=False).encode()


def _totals(engine: Engine, first: str, last: str) -> tuple[int, float]:
    """Rows and hours between two dates."""
    t = m.VolunteerService
    with engine.connect() as conn:
        n, hours = conn.execute(
            select(func.count(), func.sum(t.hours)).where(
                t.service_date.between(pd.Timestamp(first).date(), pd.Timestamp(last).date())
            )
        ).one()
    return n, float(hours or 0)


def test_two_overlapping_imports_at_once(intake_engine: Engine) -> None:  # noqa: F811
    a = _file(pd.date_range("2020-03-01", "2020-03-20"))
    b = _file(pd.date_range("2020-03-11", "2020-03-31"))
    barrier = threading.Barrier(2)
    results = {}

    def run(name: str, data: bytes) -> None:
        barrier.wait()
        results[name] = import_file(
            intake_engine, "volunteer_service", name, data, imported_by=name
        )[1]

    threads = [threading.Thread(target=run, args=(n, d)) for n, d in (("a.csv", a), ("b.csv", b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert {r.status for r in results.values()} == {"committed"}, results
    union = _file(pd.date_range("2020-03-01", "2020-03-31"))
    expected = pd.read_csv(pd.io.common.BytesIO(union))
    n, hours = _totals(intake_engine, "2020-03-01", "2020-03-31")
    assert n == len(expected)  # the 10 shared days are not counted twice
    assert hours == pytest.approx(expected["服务时长（小时）"].sum())
    inserted = sum(r.inserted for r in results.values())
    unchanged = sum(r.unchanged for r in results.values())
    assert inserted == len(expected) and unchanged == 10 * len(UNITS) * 3


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from data_access.engine import make_engine
    from data_access.intake.pipeline import import_file

    marker = Path({marker!r})

    def progress(done, total):
        if done and not marker.exists():
            marker.write_text(str(done))
            time.sleep(120)  # killed here, halfway through the file

    engine = make_engine({url!r})
    import_file(engine, "volunteer_service", "killed.csv", Path({file!r}).read_bytes(),
                imported_by="doomed", progress=progress)
    """
)


def test_import_killed_halfway_leaves_all_or_nothing(
    intake_engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    days = pd.date_range("2016-01-01", "2016-12-31")
    data = _file(days)  # 8,784 rows: two write chunks
    path = tmp_path / "killed.csv"
    path.write_bytes(data)
    marker = tmp_path / "halfway"
    url = intake_engine.url.render_as_string(hide_password=False)
    script = KILLED_IMPORT.format(root=str(ROOT), marker=str(marker), url=url, file=str(path))
    rows_before, logs_before = (
        count(intake_engine, m.VolunteerService),
        count(intake_engine, m.ImportLog),
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.time() + 120
        while not marker.exists():
            assert proc.poll() is None, "the import ended before it was killed"
            assert time.time() < deadline, "the import never got halfway"
            time.sleep(0.05)
        assert int(marker.read_text()) < len(pd.read_csv(path))  # really halfway
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.5)  # PostgreSQL notices the dropped connection and rolls back
    assert count(intake_engine, m.VolunteerService) == rows_before  # none of the file
    assert count(intake_engine, m.ImportLog) == logs_before
    _, result = import_file(
        intake_engine, "volunteer_service", "killed.csv", data, imported_by="ok"
    )
    assert result.status == "committed"  # the database is not left locked
    assert count(intake_engine, m.VolunteerService) == rows_before + len(pd.read_csv(path))
