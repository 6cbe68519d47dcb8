"""Re-measure some pages on databases a scale benchmark kept (scale_bench.py --keep FOLDER):
render (wall and CPU), queries on SQLite and PostgreSQL against DuckDB over the same rollup
tables, and `cli.py alerts` — without loading 10 M records again.

Run: .venv/bin/python benchmarks/pages_bench.py --sqlite FOLDER/bench.sqlite \
        --pg-url postgresql://postgres@127.0.0.1:5432/sw_bench_… --pages supervision,weekly
Budgets (issue 14, 督办预警 at 10 M records and 1 M suggestions): queries ≤ 0.3 s on SQLite and
PostgreSQL, render < 1 s without the result cache, `cli.py alerts` < 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_bench import alerts_cli_seconds, duckdb_page, duckdb_rollups  # noqa: E402

BUDGET_QUERIES_S, BUDGET_RENDER_S, BUDGET_ALERTS_S = 0.3, 1.0, 3.0
ALERT_RUNS = 3


def render(url: str, pages: str, folder: Path, tag: str) -> dict:
    """scale_pages.py on one database for the chosen pages (result cache off)."""
    out = folder / f"pages_{tag}.json"
    env = os.environ | {
        "DATABASE_URL": url,
        "SOCIAL_WORK_DATA_DIR": str(folder / "data"),
        "DEMO_ON_EMPTY": "0",
        "SCALE_PAGES": pages,
    }
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale_pages.py"), str(out)],
        env=env,
        cwd=ROOT,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return json.loads(out.read_text("utf-8"))["pages"]


def main() -> None:
    """Render, replay on DuckDB, time the alerts job, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite", type=Path, required=True, help="a kept bench.sqlite")
    parser.add_argument("--pg-url", help="a kept PostgreSQL benchmark database")
    parser.add_argument("--pages", default="supervision", help="comma list (scale_pages keys)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pages_bench_"))
    (folder / "data").mkdir()
    sqlite_url = f"sqlite:///{args.sqlite}"
    load = os.getloadavg()
    results = {"sqlite": render(sqlite_url, args.pages, folder, "sqlite")}
    if args.pg_url:
        results["postgresql"] = render(args.pg_url, args.pages, folder, "pg")
    reference = results.get("postgresql", results["sqlite"])
    con = duckdb_rollups(sqlite_url)
    duck = {key: duckdb_page(con, value["statements"]) for key, value in reference.items()}
    con.close()
    alerts = {"sqlite": [alerts_cli_seconds(sqlite_url) for _ in range(ALERT_RUNS)]}
    if args.pg_url:
        alerts["postgresql"] = [alerts_cli_seconds(args.pg_url) for _ in range(ALERT_RUNS)]
    print(f"# pages_bench {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, load "
          f"average at start {load[0]:.2f} / end {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"sqlite {args.sqlite}; postgresql {args.pg_url or '—'}")
    print()
    print(f"{'page':13s} {'db':10s} {'queries':>8s} {'DuckDB':>8s} {'ratio':>6s} "
          f"{'render':>7s} {'cpu':>6s}  budget (queries ≤ {BUDGET_QUERIES_S} s, render < "
          f"{BUDGET_RENDER_S} s)")  # fmt: skip
    for db, pages in results.items():
        for key, value in pages.items():
            q, r, cpu = value["queries_s"], value["render_s"], value["render_cpu_s"]
            d = duck.get(key, (None, ""))[0]
            ratio = f"{q / d:.2f}×" if d else "—"
            ok = q <= BUDGET_QUERIES_S and r < BUDGET_RENDER_S
            print(
                f"{key:13s} {db:10s} {q:8.3f} {d if d else float('nan'):8.3f} {ratio:>6s} "
                f"{r:7.2f} {cpu:6.2f}  {'ok' if ok else 'MISS'}"
                + (f"  [errors: {value['errors']}]" if value["errors"] else "")
            )
    print("(median of 3 warm AppTest runs through app.py, every data_access and services cache "
          "bypassed; cpu = process CPU seconds of the run; DuckDB = the same statements on "
          "DuckDB over the same rollup tables)")  # fmt: skip
    print()
    for db, runs in alerts.items():
        median = statistics.median(runs)
        print(
            f"cli.py alerts --week 2024-W48 --format json on {db}: median {median:.2f} s of "
            f"{ALERT_RUNS} ({', '.join(f'{s:.2f}' for s in runs)}) "
            f"{'meets' if median < BUDGET_ALERTS_S else 'MISSES'} {BUDGET_ALERTS_S:.0f} s"
        )


if __name__ == "__main__":
    main()
