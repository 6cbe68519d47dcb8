"""Build the briefing pack files (PDF and/or PowerPoint) for a period and place."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine

from charts.briefing_images import chart_images
from charts.briefing_pdf import briefing_pdf
from charts.briefing_pptx import briefing_pptx
from data_access.aggregate import Place
from metrics.periods import Period
from services.briefing import Briefing, build_briefing

FORMATS = ("pdf", "pptx")
T = TypeVar("T")


def pack_files(
    engine: Engine,
    p: Period,
    place: Place,
    names: dict[str, str],
    province: str,
    lang: str,
    formats: tuple[str, ...] = FORMATS,
    timings: dict[str, float] | None = None,
) -> tuple[Briefing, dict[str, bytes]]:
    """The briefing and its files by format. Chart images are rendered once for both formats,
    in one batch, and the PowerPoint is composed while Chromium prints the PDF. timings, when
    given, gets each stage's seconds (the PDF and PowerPoint stages overlap)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"不支持的格式 / unsupported format: {', '.join(unknown)}")
    clock = _Clock(timings)
    b = clock("model", build_briefing, engine, p, place, names, province, lang)
    images = clock("images", chart_images, b)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-pdf") as pool:
        pdf = pool.submit(clock, "pdf", briefing_pdf, b, images) if "pdf" in formats else None
        pptx = clock("pptx", briefing_pptx, b, images) if "pptx" in formats else None
        files = {"pdf": pdf.result()} if pdf is not None else {}
    if pptx is not None:
        files["pptx"] = pptx
    return b, files


class _Clock:
    """Calls a stage and adds its seconds to a timings dict (when there is one)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    def __call__(self, stage: str, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args), timed as stage."""
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            if self.timings is not None:
                self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def file_name(title: str, place_name: str, period_label: str, fmt: str) -> str:
    """A file name a clerk recognises: title, place and period."""
    stem = f"{title}_{place_name}_{period_label}"
    return re.sub(r"[\\/:*?\"<>|\s（）()—,]+", "_", stem).strip("_") + f".{fmt}"


def write_pack(files: dict[str, bytes], b: Briefing, out_dir: Path) -> list[Path]:
    """Write the files into a folder; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt, data in files.items():
        path = out_dir / file_name(b.title, b.place_name, b.period_label, fmt)
        path.write_bytes(data)
        paths.append(path)
    return paths
