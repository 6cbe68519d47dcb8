"""Load benchmark: N simulated people at once against 1 and 4 Streamlit processes behind nginx
(sticky by cookie, websocket upgrade) on PostgreSQL, once more with a 1 M-row import running.

Each person (benchmarks/load_client.py, Streamlit's websocket protocol, no browser) signs in,
waits for the overview's first chart, opens three other pages and picks another city; the
time from request to first chart is reported p50 / p95 with errors, and CPU and memory of
every Streamlit process. Budget on 2 cores: N = 25, p95 ≤ 3 s, no errors.

Run: make bench-load   (or .venv/bin/python benchmarks/load_bench.py --help)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import load_client  # noqa: E402
from scale_bench import FIELDS  # noqa: E402

from config import get_settings  # noqa: E402
from data_access.database import prepare_database  # noqa: E402
from data_access.engine import make_engine  # noqa: E402
from data_access.regions import load_region_registry  # noqa: E402

PG_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BUDGET_PEOPLE, BUDGET_P95_S = 25, 3.0
PART_ROWS = 500_000  # rows per import file (about 25 MB, under the 50 MB upload limit)
RAMP_S = 3.0  # by default the people arrive spread over this many seconds (--ramp)
USER, PASSWORD, CITY = "demo_viewer", "demo-viewer-2024", "广州市"
NGINX_CONF = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    map $cookie_route $route {{ "" $request_id; default $cookie_route; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    upstream dashboard {{
        hash $route consistent;          # sticky: one browser (cookie) -> one process
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 60m;
        location / {{
            add_header Set-Cookie "route=$route; Path=/; HttpOnly; SameSite=Lax";
            proxy_pass http://dashboard;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 86400;
        }}
    }}
}}
"""


def _free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, timeout: float = 120) -> None:
    """Until GET /_stcore/health answers."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy")


@dataclass
class Cluster:
    """Streamlit processes and the nginx in front of them."""

    procs: list[subprocess.Popen]
    nginx: subprocess.Popen
    url: str

    def stop(self) -> None:
        """Stop nginx and every process."""
        for p in [self.nginx, *self.procs]:
            p.terminate()
        for p in [self.nginx, *self.procs]:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def start_cluster(processes: int, database_url: str, folder: Path) -> Cluster:
    """`processes` Streamlit servers on the database, nginx in front; all healthy."""
    env = os.environ | {"DATABASE_URL": database_url, "DEMO_ON_EMPTY": "0"}
    ports = [_free_port() for _ in range(processes)]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    for port in ports:
        _wait_healthy(f"http://127.0.0.1:{port}")
    tmp = folder / f"nginx_{processes}"
    tmp.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, servers=servers, port=port), "utf-8")
    nginx = subprocess.Popen([nginx_binary(), "-c", str(conf), "-p", str(tmp)])
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url)
    return Cluster(procs, nginx, url)


def nginx_binary() -> str:
    """The nginx executable (Debian package nginx)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        sys.exit("nginx not installed: apt-get install nginx (make bench-load does it)")
    return found


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, MB."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


async def _crowd(
    url: str, people: int, after_import: asyncio.Event | None, pace: tuple[float, float]
) -> list:
    """N people arriving over `ramp` seconds, reading each page `think` seconds; their visits."""
    ramp, think = pace
    rng = random.Random(people)

    async def one(i: int) -> load_client.Person:
        await asyncio.sleep(rng.uniform(0, ramp) if people > 1 else 0)
        return await load_client.simulate(
            url, USER, PASSWORD, CITY, cookie=f"route=person{i}", after=after_import, think=think
        )

    return list(await asyncio.gather(*(one(i) for i in range(people))))


def warm_up(url: str, processes: int) -> None:
    """Visits one after another until every process has served one (imports, maps), as the
    processes of a deployment that has been up a while have."""
    for i in range(2 * processes):  # the cookie hash spreads them: 2 per process, most likely all
        asyncio.run(load_client.simulate(url, USER, PASSWORD, CITY, cookie=f"route=warm{i}"))


def run_load(
    cluster: Cluster,
    people: int,
    import_files: list[Path] | None,
    env: dict,
    pace: tuple[float, float],
) -> dict:
    """One load run; with import_files, they are imported one after another meanwhile (one
    CLI call each, as an office uploads its parts) and every session checks
    afterwards that its overview shows new figures."""
    pids = [p.pid for p in cluster.procs]
    cpu0 = [_cpu_seconds(pid) for pid in pids]
    before_cards: list[str] = []
    if import_files:  # the province overview's figures before the import
        before_cards = asyncio.run(_probe(cluster.url, "probe-before"))
    started = time.perf_counter()
    importer = None
    if import_files:
        calls = [
            shlex.join([sys.executable, "cli.py", "import", "--dataset", "volunteer_record",
                        "--file", str(f), "--by", "load-bench"])
            for f in import_files
        ]  # fmt: skip
        importer = subprocess.Popen(
            ["sh", "-c", " && ".join(calls)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip

    async def main() -> list:
        event = asyncio.Event() if importer is not None else None
        crowd = asyncio.ensure_future(_crowd(cluster.url, people, event, pace))
        import_s = None
        if importer is not None and event is not None:
            while importer.poll() is None:
                await asyncio.sleep(0.5)
            import_s = time.perf_counter() - started
            event.set()
        visits = await crowd
        after_cards = await _probe(cluster.url, "probe-after") if importer is not None else []
        return [visits, import_s, after_cards]

    visits, import_s, after_cards = asyncio.run(main())
    wall = time.perf_counter() - started
    cpu_s = [_cpu_seconds(pid) - c0 for pid, c0 in zip(pids, cpu0, strict=True)]
    cpu = [c / wall * 100 for c in cpu_s]
    memory = [_memory_mb(pid) for pid in pids]
    steps = [s for v in visits for s in v.steps if s.name != "after import"]
    charts = [s.first_chart_s for s in steps if s.first_chart_s is not None and not s.error]
    errors = [s.error for s in steps if s.error] + [v.error for v in visits if v.error]
    out = {
        "people": people,
        "p50": statistics.median(charts) if charts else float("nan"),
        "p95": float(np.percentile(charts, 95)) if charts else float("nan"),
        "steps": len(steps),
        "errors": errors,
        "cpu": cpu,
        "cpu_per_step": sum(cpu_s) / max(len(steps), 1),
        "memory": memory,
        "wall": wall,
    }
    if importer is not None:
        log = importer.communicate()[0]
        out |= {
            "import_ok": importer.returncode == 0,
            "import_s": import_s,
            "import_log": log.strip().splitlines()[-1:] if log else [],
            "cards_changed": after_cards != before_cards,
            "fresh": sum(1 for v in visits if v.after_cards == after_cards != before_cards),
            "sessions": people,
            "after_errors": [_after_error(v, before_cards, after_cards) for v in visits],
        }
        out["after_errors"] = [e for e in out["after_errors"] if e]
    return out


async def _probe(url: str, route: str) -> list[str]:
    """The province overview's figures, as a new person signing in sees them now."""
    return await load_client.overview_cards(url, USER, PASSWORD, f"route={route}")


def _after_error(visit: load_client.Person, before: list[str], after: list[str]) -> str:
    """Why a visit does not show the figures a new session sees after the import ('' if it does)."""
    if visit.after_cards is None:
        step = [s for s in visit.steps if s.name == "after import"]
        return (step[0].error if step else visit.error) or "no overview after the import"
    if visit.after_cards == before:
        return "overview still shows the figures from before the import"
    if visit.after_cards != after:
        return "overview shows figures that differ from a new session's"
    return ""


def record_files(folder: Path, rows: int, part_rows: int = PART_ROWS) -> list[Path]:
    """Volunteer record CSVs dated December 2024 (in every default period of the demo), in
    parts of at most part_rows rows: a file of 1 M rows is over the 50 MB upload limit."""
    registry = load_region_registry(get_settings().province_adcode)
    units = registry[registry["is_county_unit"].astype(bool)]["adcode"].to_numpy()
    rng = np.random.default_rng(15)
    days = pd.date_range("2024-12-01", "2024-12-31").strftime("%Y-%m-%d").to_numpy()
    frame = pd.DataFrame(
        {
            "记录编号": pd.Series(np.arange(rows)).map("LB{:08d}".format),
            "志愿者编号": pd.Series(rng.integers(0, 3_000_000, rows)).map("V{:07d}".format),
            "地区": rng.choice(units, rows),
            "服务日期": rng.choice(days, rows),
            "服务领域": rng.choice(FIELDS, rows),
            "服务时长（小时）": rng.integers(1, 17, rows) / 2,
        }
    )
    paths = []
    for i, start in enumerate(range(0, rows, part_rows)):
        path = folder / f"load_records_{i + 1}.csv"
        frame.iloc[start : start + part_rows].to_csv(path, index=False)
        paths.append(path)
    return paths


def pg_database() -> str:
    """A new PostgreSQL database with the schema and the demo data; its URL."""
    name = f"load_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    prepare_database(engine, get_settings())
    engine.dispose()
    return url


def drop_database(url: str) -> None:
    """Drop the benchmark's database."""
    name = url.rsplit("/", 1)[1]
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def _line(label: str, r: dict) -> str:
    """One report row."""
    cpu = "/".join(f"{c:.0f}" for c in r["cpu"])
    rss = "/".join(f"{m[0]:.0f}" for m in r["memory"])
    errors = len(r["errors"])
    return (f"{label:22s} N={r['people']:<3d} p50 {r['p50']:5.2f} s  p95 {r['p95']:5.2f} s  "
            f"steps {r['steps']:4d}  errors {errors:3d}  server CPU {r['cpu_per_step']:.2f} s/step"
            f"  CPU % {cpu}  RSS MB {rss}")  # fmt: skip


def main() -> None:
    """Run every configuration and print the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--people", type=int, nargs="+", default=[1, 5, 10, 25, 50])
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="an existing database (default: a new one "
                        "on the local PostgreSQL with the demo data)")  # fmt: skip
    parser.add_argument("--ramp", type=float, default=RAMP_S,
                        help="seconds over which the N people arrive")  # fmt: skip
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a person reads each page before the next click")  # fmt: skip
    args = parser.parse_args()
    pace = (args.ramp, args.think)
    nginx_binary()
    folder = Path(tempfile.mkdtemp(prefix="load_bench_"))
    url = args.database_url or pg_database()
    env = os.environ | {"DATABASE_URL": url, "DEMO_ON_EMPTY": "0"}
    print(f"# Load benchmark ({dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}); database {url.rsplit('@', 1)[-1]}; "
          f"people arrive over {args.ramp:g} s, read each page {args.think:g} s")  # fmt: skip
    results = []
    try:
        for processes in args.processes:
            cluster = start_cluster(processes, url, folder)
            try:
                warm_up(cluster.url, processes)
                for people in args.people:
                    r = run_load(cluster, people, None, env, pace)
                    results.append((processes, r))
                    print(_line(f"{processes} process(es)", r), flush=True)
                    for e in sorted(set(r["errors"]))[:3]:
                        print(f"    error: {e}")
                if processes == max(args.processes) and args.import_rows:
                    parts = record_files(folder, args.import_rows)
                    people = min(BUDGET_PEOPLE, max(args.people))
                    r = run_load(cluster, people, parts, env, pace)
                    results.append((processes, r))
                    print(_line(f"{processes} proc + import", r))
                    print(f"    import of {args.import_rows:,} records ({len(parts)} files): "
                          f"{'landed' if r['import_ok'] else 'FAILED'} after "
                          f"{r['import_s']:.0f} s {r['import_log']}; sessions showing the new "
                          f"figures afterwards: {r['fresh']}/{r['sessions']}")  # fmt: skip
                    if not r["cards_changed"]:
                        print("    the import did not change the overview's figures: check void")
                    for e in sorted(set(r["after_errors"]))[:5]:
                        print(f"    after import: {e} ({r['after_errors'].count(e)}×)")
            finally:
                cluster.stop()
    finally:
        if not args.database_url:
            drop_database(url)
        shutil.rmtree(folder, ignore_errors=True)
    print()
    for processes, r in results:
        if r["people"] == BUDGET_PEOPLE and "import_ok" not in r:
            met = r["p95"] <= BUDGET_P95_S and not r["errors"]
            print(f"budget N={BUDGET_PEOPLE} on {processes} process(es): p95 {r['p95']:.2f} s "
                  f"(≤ {BUDGET_P95_S} s), errors {len(r['errors'])}: "
                  f"{'met' if met else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
