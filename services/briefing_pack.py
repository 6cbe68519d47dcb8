"""Build the briefing pack files (PDF and/or PowerPoint) for a period and place."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine

from charts.briefing_images import chart_images
from charts.briefing_pdf import briefing_pdf
from charts.briefing_pptx import briefing_pptx
from data_access.aggregate import Place
from metrics.periods import Period
from services.briefing import Briefing, build_briefing

FORMATS = ("pdf", "pptx")


def pack_files(
    engine: Engine,
    p: Period,
    place: Place,
    names: dict[str, str],
    province: str,
    lang: str,
    formats: tuple[str, ...] = FORMATS,
) -> tuple[Briefing, dict[str, bytes]]:
    """The briefing and its files by format; chart images are rendered once for both."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"不支持的格式 / unsupported format: {', '.join(unknown)}")
    b = build_briefing(engine, p, place, names, province, lang)
    images = chart_images(b)
    files: dict[str, bytes] = {}
    if "pdf" in formats:
        files["pdf"] = briefing_pdf(b, images)
    if "pptx" in formats:
        files["pptx"] = briefing_pptx(b, images)
    return b, files


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
