"""Child process of scale_bench: render every page under AppTest on one database, result cache
off, and report render times, query times, the SQL each page ran and the peak memory.

Run by scale_bench.py as: python benchmarks/scale_pages.py <out.json> (DATABASE_URL set;
SCALE_PAGES=supervision,weekly renders only those).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import resource
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": "pages/overview.py",
    "buildout": "pages/buildout.py",
    "volunteer": "pages/volunteer.py",
    "associations": "pages/associations.py",
    "signage": "pages/signage.py",
    "suggestions": "pages/suggestions.py",
    "data_import": "pages/data_intake.py",
    "weekly": "pages/weekly.py",
    "data_notes": "pages/data_notes.py",
    "supervision": "pages/supervision.py",
}
WARM_RUNS = 3


def _bypass_result_cache() -> None:
    """Replace every cached query of data_access and every cached view of services by its
    uncached function, in every module that holds one (before the app imports its ui
    modules, so they bind the uncached ones)."""
    import data_access
    import services

    modules = [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for package in (data_access, services)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    for module in modules:
        for name, value in list(vars(module).items()):
            if callable(value) and "uncached" in getattr(value, "__dict__", {}):
                setattr(module, name, value.uncached)


class Recorder:
    """Statements and their execution time, while switched on."""

    def __init__(self) -> None:
        self.on = False
        self.seconds = 0.0
        self.statements: list[tuple[str, object]] = []
        self.slowest: tuple[float, str] = (0.0, "")
        self._started = 0.0

    def before(
        self,
        conn: Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if self.on:
            self._started = time.perf_counter()

    def after(
        self,
        conn: Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if self.on:
            took = time.perf_counter() - self._started
            self.seconds += took
            self.statements.append((statement, parameters))
            if took > self.slowest[0]:
                self.slowest = (took, " ".join(statement.split())[:160])


def _jsonable(value: object) -> object:
    """Statement parameters as JSON (dates as {"date": iso})."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _peak_kb() -> int:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's peak,
    which Linux keeps across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(out: Path) -> None:
    """Render each page once cold and WARM_RUNS times warm; write the figures as JSON."""
    _bypass_result_cache()
    from sqlalchemy import Engine, event
    from streamlit.testing.v1 import AppTest

    from config import get_settings
    from data_access.accounts import User, create_user, list_accounts
    from data_access.engine import make_engine

    # app.py re-reads the signed-in account on every run: the preset user must exist.
    engine = make_engine(get_settings().database_url)
    if "bench_admin" not in set(list_accounts(engine)["username"]):
        create_user(engine, "bench_admin", f"Bench-{secrets.token_hex(8)}", "admin")
    engine.dispose()
    recorder = Recorder()
    event.listen(Engine, "before_cursor_execute", recorder.before)
    event.listen(Engine, "after_cursor_execute", recorder.after)
    results = {}
    wanted = [k for k in os.environ.get("SCALE_PAGES", "").split(",") if k]
    for key, page in PAGES.items():
        if wanted and key not in wanted:
            continue
        renders, cpus, queries, statements, errors = [], [], [], [], []
        slowest: tuple[float, str] = (0.0, "")
        for run in range(WARM_RUNS + 1):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
            at.session_state["auth_user"] = User("bench_admin", "admin")
            if key != "overview":
                at.run(timeout=300)
                at.switch_page(page)
            recorder.on, recorder.seconds, recorder.statements = True, 0.0, []
            recorder.slowest = (0.0, "")
            started, cpu_started = time.perf_counter(), time.process_time()
            at.run(timeout=300)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            recorder.on = False
            errors = [e.message for e in at.exception]
            if run == 0 and any(box.label == "用户名" for box in at.text_input):
                sys.exit(f"{key}: the sign-in form showed (the report would time it)")
            if run == 0:
                continue  # cold: imports, first connection, map simplification
            renders.append(elapsed)
            cpus.append(cpu)
            queries.append(recorder.seconds)
            statements = [(s, _jsonable(p)) for s, p in recorder.statements]
            slowest = recorder.slowest
        results[key] = {
            "render_s": statistics.median(renders),
            "render_cpu_s": statistics.median(cpus),
            "queries_s": statistics.median(queries),
            "statements": statements,
            "errors": errors,
        }
        print(f"  {key}: render {results[key]['render_s']:.3f} s; slowest statement "
              f"{slowest[0]:.3f} s: {slowest[1]}", file=sys.stderr)  # fmt: skip
    peak_kb = _peak_kb()
    out.write_text(json.dumps({"pages": results, "peak_rss_mb": peak_kb / 1024}), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
