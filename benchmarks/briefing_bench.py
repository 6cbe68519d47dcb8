"""Benchmark: a full weekly briefing pack (PDF + PowerPoint, ~10 charts) with a warm export server.

Run: .venv/bin/python benchmarks/briefing_bench.py  (uses DATABASE_URL or the default SQLite file)
Budget (issue 15): both formats in 5 s on the 2-core machines, export server warm.
Times the path the page and `cli.py briefing` take (services.briefing_pack.pack_files) by stage;
"pdf" and "pptx" run at the same time, so the stages add up to more than the total.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from charts import export  # noqa: E402
from config import get_settings  # noqa: E402
from data_access.aggregate import Place  # noqa: E402
from data_access.database import prepare_database  # noqa: E402
from data_access.engine import make_engine  # noqa: E402
from data_access.regions import load_region_registry  # noqa: E402
from metrics import periods  # noqa: E402
from services.briefing_pack import pack_files  # noqa: E402

BUDGET_S = 5.0  # issue 15: the weekly pack, both formats
RUNS = 3


def main() -> None:
    """Time each stage of the pack, three runs, and print medians and the budget ratio."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    prepare_database(engine, settings)
    registry = load_region_registry(settings.province_adcode)
    names = dict(zip(registry["adcode"], registry["name"], strict=True))
    place = Place(settings.province_adcode, "province")
    t0 = time.perf_counter()
    export.warm_up(wait=True)
    print(f"export server warm-up: {time.perf_counter() - t0:.2f} s")
    stages: dict[str, list[float]] = {k: [] for k in ("model", "images", "pdf", "pptx", "total")}
    for run, week in enumerate((48, 47, 46)):
        p = periods.iso_week(2024, week)
        timings: dict[str, float] = {}
        start = time.perf_counter()
        b, files = pack_files(engine, p, place, names, settings.province_adcode, "zh",
                              timings=timings)  # fmt: skip
        total = time.perf_counter() - start
        for key in stages:
            stages[key].append(total if key == "total" else timings[key])
        print(f"run {run + 1} ({p.label()}): {len(b.charts)} charts, "
              f"pdf {len(files['pdf']) // 1024} KiB, pptx {len(files['pptx']) // 1024} KiB, "
              f"{total:.2f} s")  # fmt: skip
    print("median per stage (s): " + ", ".join(
        f"{k} {statistics.median(v):.2f}" for k, v in stages.items()))  # fmt: skip
    total = statistics.median(stages["total"])
    print(f"full weekly pack, both formats: {total:.2f} s = {total / BUDGET_S:.2f} × budget "
          f"({BUDGET_S:.0f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
