"""Benchmark: 100 M volunteer records on PostgreSQL, partitioned by month, through the importer.

Generates one file at a time (records of consecutive months, as offices send them), imports
each through the real pipeline (read, check, commit, rollups), then measures rollup == facts,
disk, VACUUM ANALYZE, every page's queries and render (result cache off), and dropping the
oldest year of partitions (its totals stay in the rollups).

Run: make bench-100m   (or .venv/bin/python benchmarks/records_100m_bench.py --rows 5000000)
Budgets (issue 15): every page's queries ≤ 0.5 s, render < 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_bench import (  # noqa: E402
    FIELDS,
    _units,
    drop_pg,
    import_one,
    load_database,
    log,
    pg_database,
    render_pages,
    rollup_matches,
    suggestion_files,
)
from sqlalchemy import Engine, text  # noqa: E402

from data_access.intake.specs import VOLUNTEER_RECORD  # noqa: E402
from data_access.record_partitions import drop_months_before  # noqa: E402

FIRST_MONTH = dt.date(2022, 1, 1)
MONTHS = 48  # 2022-01 .. 2025-12
BUDGET_QUERY_S, BUDGET_RENDER_S = 0.5, 1.0


def month_file(folder: Path, part: int, parts: int, start: int, n: int) -> Path:
    """The part-th record file: n records of the month(s) its place in the sequence covers."""
    units, weights = _units()
    rng = np.random.default_rng(5000 + part)
    first = pd.Timestamp(FIRST_MONTH) + pd.DateOffset(months=part * MONTHS // parts)
    last = pd.Timestamp(FIRST_MONTH) + pd.DateOffset(months=(part + 1) * MONTHS // parts)
    span = max(1, (last - first).days)
    days = first + pd.to_timedelta(np.sort(rng.integers(0, span, n)), unit="D")
    frame = pd.DataFrame(
        {
            "记录编号": pd.Series(np.arange(start, start + n)).map("R{:09d}".format),
            "志愿者编号": pd.Series(rng.integers(0, 14_000_000, n)).map("V{:08d}".format),
            "地区": rng.choice(units, n, p=weights),
            "服务日期": days.strftime("%Y-%m-%d"),
            "服务领域": rng.choice(FIELDS, n, p=[0.35, 0.15, 0.1, 0.2, 0.1, 0.1]),
            "服务时长（小时）": rng.integers(1, 17, n) / 2,
        }
    )
    path = folder / f"records_{part:03d}.csv"
    frame.to_csv(path, index=False)
    return path


def _number(engine: Engine, sql: str) -> float:
    """The one number a statement returns."""
    with engine.connect() as conn:
        return float(conn.execute(text(sql)).scalar() or 0)


def disk_mb(engine: Engine) -> dict[str, float]:
    """The database, the partitioned records (all partitions) and the key table, in MB."""
    sql = (
        "SELECT COALESCE(SUM(pg_total_relation_size(i.inhrelid)), 0) FROM pg_inherits i "
        "WHERE i.inhparent = 'volunteer_record'::regclass"
    )
    return {
        "database": _number(engine, "SELECT pg_database_size(current_database())") / 2**20,
        "volunteer_record": _number(engine, sql) / 2**20,
        "volunteer_record_key": _number(
            engine, "SELECT pg_total_relation_size('volunteer_record_key')"
        )
        / 2**20,
    }


def main() -> None:  # noqa: PLR0915 - one linear script
    """Load, measure and print the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000_000, help="volunteer records")
    parser.add_argument("--file-rows", type=int, default=1_000_000, help="records per file")
    parser.add_argument("--suggestions", type=int, default=1_000_000)
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    started_all = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="bench_100m_"))
    (folder / "data").mkdir()
    url, engine = pg_database()
    log(f"database {url}; work folder {folder}")
    suggestions = suggestion_files(folder, args.suggestions)
    load_database(engine, [], suggestions)  # schema, demo for the small areas, suggestions
    parts = -(-args.rows // args.file_rows)
    imports = []
    for part in range(parts):
        n = min(args.file_rows, args.rows - part * args.file_rows)
        path = month_file(folder, part, parts, part * args.file_rows, n)
        rows, check_s, commit_s = import_one(engine, VOLUNTEER_RECORD.key, path)
        path.unlink()
        imports.append((rows, check_s, commit_s))
        if part % 10 == 0 or part == parts - 1:
            log(f"  file {part + 1}/{parts}: {rows:,} rows, {rows / (check_s + commit_s):,.0f}/s")
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    vacuum_s = time.perf_counter() - started
    disk = disk_mb(engine)
    partitions = _number(
        engine, "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'volunteer_record'::regclass"
    )
    started = time.perf_counter()
    matches = rollup_matches(engine)
    match_s = time.perf_counter() - started
    log("rendering pages")
    pages = render_pages(url, folder, "pg100m")["pages"]
    hours_before = _number(engine, "SELECT SUM(hours) FROM volunteer_service")
    started = time.perf_counter()
    months, dropped = drop_months_before(engine, dt.date(FIRST_MONTH.year + 1, 1, 1))
    drop_s = time.perf_counter() - started
    kept = _number(engine, "SELECT SUM(hours) FROM volunteer_service") == hours_before
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE volunteer_record"))
    analyze_s = time.perf_counter() - started
    stored = _number(engine, "SELECT COUNT(*) FROM volunteer_record")

    rates = [r / (c + m) for r, c, m in imports]
    total_rows = sum(r for r, _, _ in imports)
    total_s = sum(c + m for _, c, m in imports)
    load = os.getloadavg()
    print()
    print(
        f"# 100 M benchmark ({dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
        f"load {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f})"
    )
    print(
        f"volunteer records: {total_rows:,} in {parts} files of {args.file_rows:,} "
        f"({MONTHS} months from {FIRST_MONTH:%Y-%m}); suggestions {args.suggestions:,}; "
        f"PostgreSQL, {partitions:.0f} partitions"
    )
    print()
    print("## Import through the real pipeline (read + check + commit incl. rollup)")
    print(
        f"all {total_rows:,} records {total_s:,.0f} s = {total_rows / total_s:,.0f} rows/s; "
        f"first file {rates[0]:,.0f}/s, median {statistics.median(rates):,.0f}/s, "
        f"last {rates[-1]:,.0f}/s"
    )
    print(f"rollup == facts: {'yes' if matches else 'NO'} (checked in {match_s:.0f} s)")
    print(
        f"disk: database {disk['database']:,.0f} MB, "
        f"volunteer_record {disk['volunteer_record']:,.0f} MB, "
        f"volunteer_record_key {disk['volunteer_record_key']:,.0f} MB"
    )
    print(
        f"VACUUM ANALYZE (whole database) {vacuum_s:.0f} s; "
        f"ANALYZE volunteer_record {analyze_s:.1f} s"
    )
    print(
        f"drop the oldest year ({months} monthly partitions, {dropped:,} records) {drop_s:.1f} s; "
        f"rollup totals kept: {'yes' if kept else 'NO'}; records left {stored:,.0f}"
    )
    print()
    print("## Page queries and render, result cache off (s)")
    print(f"{'page':13s} {'queries':>8s} {'render':>7s}  budget (≤ 0.5 s, < 1 s)")
    for key, value in pages.items():
        q, r = value["queries_s"], value["render_s"]
        ok = q <= BUDGET_QUERY_S and r < BUDGET_RENDER_S
        errors = f"  [errors: {value['errors']}]" if value["errors"] else ""
        print(f"{key:13s} {q:8.3f} {r:7.2f}  {'ok' if ok else 'MISS'}{errors}")
    print()
    print(f"total benchmark time {time.perf_counter() - started_all:,.0f} s")
    engine.dispose()
    if not args.keep_db:
        drop_pg(url)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
