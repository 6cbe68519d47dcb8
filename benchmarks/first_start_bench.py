"""Benchmark: a newcomer's first start, `streamlit run app.py` on an empty SQLite file with
the demo data, until the sign-in form shows in Chromium (budget 10 s).

Run: .venv/bin/python benchmarks/first_start_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 10.0


def _free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_start(folder: Path) -> tuple[float, float, float]:
    """Seconds from launch to the server answering, to the sign-in form in the browser, and
    (signing in as soon as the form shows) to the overview's first chart."""
    db = folder / f"first_{time.monotonic_ns()}.sqlite"
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEMO_ON_EMPTY": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=2000)
                    break
                except Exception:  # noqa: BLE001 - not listening yet
                    time.sleep(0.1)
            served = time.perf_counter() - start
            page.get_by_role("button", name="登录").wait_for(timeout=120_000)
            form = time.perf_counter() - start
            page.get_by_label("用户名").fill("demo_admin")
            page.get_by_label("密码").fill("demo-admin-2024")
            page.get_by_role("button", name="登录").click()
            page.locator(".js-plotly-plot").first.wait_for(timeout=120_000)
            chart = time.perf_counter() - start
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return served, form, chart


def main() -> None:
    """Print each run, the median and the ratio to the budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    forms: list[float] = []
    charts: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            served, form, chart = one_start(Path(tmp))
            forms.append(form)
            charts.append(chart)
            print(f"run {i + 1}: server answers {served:.1f} s, sign-in form {form:.1f} s, "
                  f"signed in at once: overview's first chart {chart:.1f} s")  # fmt: skip
    print(f"signed in at once, the overview's first chart: {statistics.median(charts):.1f} s")
    median = statistics.median(forms)
    print(f"first start to the sign-in form: {median:.1f} s = {median / BUDGET_S:.2f} × budget "
          f"({BUDGET_S:.0f} s); load average after: {os.getloadavg()[0]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
