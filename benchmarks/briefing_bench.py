"""Benchmark: a full weekly briefing pack (PDF + PowerPoint, ~10 charts) with a warm export server.

Run: .venv/bin/python benchmarks/briefing_bench.py  (uses DATABASE_URL or the default SQLite file)
Budget (issue 15): both formats in 5 s on the 2-core machines, export server warm.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from charts import export  # noqa: E402
from charts.briefing_images import chart_images  # noqa: E402
from charts.briefing_pdf import briefing_pdf  # noqa: E402
from charts.briefing_pptx import briefing_pptx  # noqa: E402
from config import get_settings  # noqa: E402
from data_access.aggregate import Place  # noqa: E402
from data_access.database import prepare_database  # noqa: E402
from data_access.engine import make_engine  # noqa: E402
from data_access.regions import load_region_registry  # noqa: E402
from metrics import periods  # noqa: E402
from services.briefing import build_briefing  # noqa: E402

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
    stages: dict[str, list[float]] = {
        "figures": [],
        "images": [],
        "pdf": [],
        "pptx": [],
        "total": [],
    }
    for run, week in enumerate((48, 47, 46)):
        p = periods.iso_week(2024, week)
        start = time.perf_counter()
        b = build_briefing(engine, p, place, names, settings.province_adcode, "zh")
        t1 = time.perf_counter()
        images = chart_images(b)
        t2 = time.perf_counter()
        pdf = briefing_pdf(b, images)
        t3 = time.perf_counter()
        pptx = briefing_pptx(b, images)
        t4 = time.perf_counter()
        for key, value in zip(stages, (t1 - start, t2 - t1, t3 - t2, t4 - t3, t4 - start),
                              strict=True):  # fmt: skip
            stages[key].append(value)
        print(f"run {run + 1} ({p.label()}): {len(b.charts)} charts, pdf {len(pdf) // 1024} KiB, "
              f"pptx {len(pptx) // 1024} KiB, {t4 - start:.2f} s")  # fmt: skip
    print("median per stage (s): " + ", ".join(
        f"{k} {statistics.median(v):.2f}" for k, v in stages.items()))  # fmt: skip
    total = statistics.median(stages["total"])
    print(f"full weekly pack, both formats: {total:.2f} s = {total / BUDGET_S:.2f} × budget "
          f"({BUDGET_S:.0f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
