"""Per-statement fair limit: each statement a page ran, timed on SQLite (the kept file, as the
app ran it) and on DuckDB over the same materialized rollup tables, slowest gap first.

Run: .venv/bin/python benchmarks/statement_bench.py --sqlite FOLDER/bench.sqlite \
        --pg-url postgresql://postgres@127.0.0.1:5432/sw_bench_… \
        --pages overview,volunteer,suggestions
Answers "which statement keeps the page above 1.5 × DuckDB" (pages_bench gives page totals).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pages_bench import render  # noqa: E402
from scale_bench import _duck_params, duckdb_rollups  # noqa: E402

REPEATS = 5


def page_statements(url: str, pages: str, folder: Path, tag: str) -> dict[str, list]:
    """Each page's statements as the app ran them on one database (pages_bench.render)."""
    return {key: value["statements"] for key, value in render(url, pages, folder, tag).items()}


def _median_seconds(con: Any, sql: str, params: Any) -> float:
    """Median wall time of REPEATS executions (all rows fetched)."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        con.execute(sql, params).fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _sqlite_params(params: Any) -> Any:
    """JSON parameters back to SQLite's (dates as ISO text, lists as tuples)."""
    value = _duck_params(params)
    if isinstance(value, list):
        return tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in value)
    if isinstance(value, dict):
        return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in value.items()}
    return value or ()


def _duck_sql(sql: str) -> str:
    """PostgreSQL's pyformat parameters in DuckDB's spelling."""
    return re.sub(r"%\((\w+)\)s", r"$\1", sql).replace("%%", "%")


def _selects(rows: list) -> list:
    """The page's SELECT statements (not the catalogue or migration probes)."""
    return [
        (sql, params)
        for sql, params in rows
        if re.match(r"\s*(SELECT|WITH)", sql, re.IGNORECASE)
        and not re.search(r"sqlite_|pg_|alembic_version|information_schema", sql)
    ]


def main() -> None:
    """Replay each page's statements on SQLite and DuckDB; print the largest gaps."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite", type=Path, required=True)
    parser.add_argument("--pg-url", required=True, help="the kept PostgreSQL twin (DuckDB "
                        "replays its statements, as pages_bench does)")  # fmt: skip
    parser.add_argument("--pages", default="overview,volunteer,suggestions")
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="statement_bench_"))
    (folder / "data").mkdir()
    statements = page_statements(f"sqlite:///{args.sqlite}", args.pages, folder, "sqlite")
    pg_statements = page_statements(args.pg_url, args.pages, folder, "pg")
    lite = sqlite3.connect(args.sqlite)
    duck = duckdb_rollups(f"sqlite:///{args.sqlite}")
    print(f"# statement_bench, load average {os.getloadavg()[0]:.2f}; median of {REPEATS}")
    for page, rows in statements.items():
        timed = []
        lite_rows, pg_rows = _selects(rows), _selects(pg_statements[page])
        if len(lite_rows) != len(pg_rows):
            print(f"{page}: {len(lite_rows)} SQLite / {len(pg_rows)} PostgreSQL statements")
            continue
        for (sql, params), (pg_sql, pg_params) in zip(lite_rows, pg_rows, strict=True):
            s = _median_seconds(lite, sql, _sqlite_params(params))
            try:
                d = _median_seconds(duck, _duck_sql(pg_sql), _duck_params(pg_params) or {})
            except Exception as exc:  # noqa: BLE001 - reported, not fatal
                d, sql = float("nan"), f"[DuckDB: {str(exc).splitlines()[0][:80]}] {sql}"
            timed.append((s, d, " ".join(sql.split())))
        total_s = sum(s for s, _, _ in timed)
        total_d = sum(d for _, d, _ in timed if d == d)
        ratio = total_s / total_d if total_d else float("nan")
        print(f"\n## {page}: {len(timed)} statements, SQLite {total_s:.3f} s, "
              f"DuckDB {total_d:.3f} s ({ratio:.2f}×)")  # fmt: skip
        for s, d, text in sorted(timed, key=lambda x: -(x[0] - (x[1] if x[1] == x[1] else 0)))[
            : args.top
        ]:
            print(f"  {s:7.4f} {d:7.4f}  {text[:400]}")


if __name__ == "__main__":
    main()
