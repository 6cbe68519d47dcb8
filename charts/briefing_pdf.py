"""The briefing pack as PDF: HTML pages printed by the system Chromium, fonts embedded."""

from __future__ import annotations

import base64
import html
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from briefing_model import Briefing
from charts import export
from charts.briefing_images import IMAGE_SIZE
from charts.pdf_images import pdf_image, place_images, placeholder
from charts.theme import FONT_FAMILY
from i18n import t

CSS = f"""
@page {{ size: A4 landscape; margin: 14mm 16mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT_FAMILY}; color: #2C3E50; margin: 0; }}
.page {{ page-break-after: always; height: 180mm; overflow: hidden; position: relative; }}
.page:last-child {{ page-break-after: auto; }}
.cover {{ padding-top: 36mm; }}
.cover h1 {{ font-size: 30pt; color: #C0392B; margin: 0 0 6mm; }}
.cover h2 {{ font-size: 18pt; font-weight: normal; margin: 0 0 4mm; }}
.cover p {{ font-size: 12pt; margin: 2mm 0; color: #5D6D7E; }}
.demo {{ border: 1px solid #E0B341; background: #FFF8E1; padding: 3mm 4mm; margin-top: 10mm;
         font-size: 11pt; }}
h3 {{ font-size: 16pt; margin: 0 0 5mm; border-left: 5px solid #C0392B; padding-left: 3mm; }}
.cards {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 4mm; }}
.card {{ border: 1px solid #D9DDE1; border-radius: 2mm; padding: 3mm 4mm; }}
.card .label {{ font-size: 10pt; color: #5D6D7E; }}
.card .value {{ font-size: 18pt; margin: 1mm 0; }}
.card .note {{ font-size: 9pt; color: #5D6D7E; }}
.summary p {{ font-size: 12pt; line-height: 1.7; margin: 2mm 0; }}
.chart img {{ width: 100%; aspect-ratio: {IMAGE_SIZE[0]} / {IMAGE_SIZE[1]}; }}
.chart .numbers {{ font-size: 10pt; color: #5D6D7E; margin-top: 2mm; }}
ul.defs li {{ font-size: 11pt; line-height: 1.6; }}
table.alerts {{ border-collapse: collapse; width: 100%; font-size: 10.5pt; margin-top: 2mm; }}
table.alerts th, table.alerts td {{ border: 1px solid #D9DDE1; padding: 1.4mm 2.4mm;
                                    text-align: left; }}
table.alerts th {{ background: #F4F6F7; }}
table.alerts td.late {{ color: #7B1E16; font-weight: bold; text-align: right; }}
h4 {{ font-size: 12.5pt; margin: 5mm 0 1mm; }}
.alert-tables {{ display: grid; grid-template-columns: 3fr 2fr; gap: 6mm; }}
table.alerts td, table.alerts th {{ white-space: nowrap; }}
table.alerts td:first-child, table.alerts td.wrap {{ white-space: normal; }}
.foot {{ position: absolute; bottom: 0; font-size: 8pt; color: #A6ACAF; }}
"""


def _e(text: object) -> str:
    """Escape any text that may come from the data."""
    return html.escape(str(text))


def briefing_html(b: Briefing, images: list[bytes]) -> str:
    """The whole pack as one HTML document, one section per printed page."""
    foot = f'<div class="foot">{_e(b.department)} · {_e(b.period_label)} · {_e(b.as_of)}</div>'
    demo = f'<div class="demo">{_e(_demo_notice(b))}</div>' if b.demo else ""
    parts = [
        f'<section class="page cover"><h1>{_e(b.title)}</h1><h2>{_e(b.department)}</h2>'
        f"<p>{_e(b.period_label)} · {_e(b.place_name)}</p><p>{_e(b.as_of)}</p>"
        f"<p>{_e(b.generated)}</p>{demo}</section>"
    ]
    cards = "".join(
        f'<div class="card"><div class="label">{_e(c.label)}</div>'
        f'<div class="value">{_e(c.value)}</div><div class="note">{_e(c.note)}</div></div>'
        for c in b.cards
    )
    summary = "".join(f"<p>{_e(s)}</p>" for s in b.summary)
    parts.append(
        f'<section class="page"><h3>{_e(_label(b, "kpis"))}</h3><div class="cards">{cards}</div>'
        f'<h3 style="margin-top:8mm">{_e(_label(b, "summary"))}</h3>'
        f'<div class="summary">{summary}</div>{foot}</section>'
    )
    if b.alerts is not None:
        parts.append(_alerts_page(b, foot))
    for chart, png in zip(b.charts, images, strict=True):
        data = base64.b64encode(png).decode("ascii")
        numbers = " · ".join(chart.key_numbers)
        parts.append(
            f'<section class="page chart"><img alt="{_e(chart.title)}" '
            f'src="data:image/png;base64,{data}"/><div class="numbers">{_e(numbers)}</div>'
            f"{foot}</section>"
        )
    defs = "".join(f"<li>{_e(d)}</li>" for d in b.definitions)
    parts.append(
        f'<section class="page"><h3>{_e(_label(b, "sources"))}</h3><p>{_e(b.source)}</p>'
        f'<ul class="defs">{defs}</ul>{foot}</section>'
    )
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if b.language == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{_e(b.title)}</title><style>{CSS}</style></head>'
        f"<body>{''.join(parts)}</body></html>"
    )


def _alerts_page(b: Briefing, foot: str) -> str:
    """The 督办预警 page: the counts, the places behind schedule, the overdue milestones."""
    a = b.alerts
    assert a is not None
    lines = "".join(f"<p>{_e(line)}</p>" for line in a.lines)
    table = _table(a.header, a.rows, last_late=True) if a.rows else ""
    more = f'<p class="numbers">{_e(a.more)}</p>' if a.more else ""
    tasks = ""
    if a.task_rows:
        tasks = f"<div><h4>{_e(a.task_title)}</h4>{_table(a.task_header, a.task_rows)}</div>"
    return (
        f'<section class="page"><h3>{_e(a.title)}</h3><div class="summary">{lines}</div>'
        f'<div class="alert-tables"><div><h4>{_e(a.table_title)}</h4>{table}{more}</div>'
        f"{tasks}</div>{foot}</section>"
    )


def _table(header: list[str], rows: list[list[str]], last_late: bool = False) -> str:
    """A small table of the alerts page (the last column in red when it is days late)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    late = ' class="late"' if last_late else ""
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r[:-1]) + f"<td{late}>{_e(r[-1])}</td></tr>"
        for r in rows
    )
    return f'<table class="alerts"><tr>{head}</tr>{body}</table>'


def _label(b: Briefing, key: str) -> str:
    """A section heading in the briefing's language."""
    return t(f"briefing.{key}", b.language)


def _demo_notice(b: Briefing) -> str:
    """The demo-data notice in the briefing's language."""
    return t("briefing.demo_notice", b.language)


def print_pdf(document: str, timeout: float = 120) -> bytes:
    """Print an HTML document to PDF with headless Chromium (the warm export server's when it
    runs, else a one-shot one); no network is touched."""
    with tempfile.TemporaryDirectory(prefix="briefing_") as tmp:
        src, out = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        src.write_text(document, encoding="utf-8")
        printed = export.server_pdf(src.as_uri())
        if printed is not None:
            return printed
        chromium = export.chromium_path()
        if chromium is None:
            raise RuntimeError("未找到 Chromium，无法生成 PDF / chromium not found")
        subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri(),
            ],
            check=True, capture_output=True, timeout=timeout,
        )  # fmt: skip
        return out.read_bytes()


def briefing_pdf(b: Briefing, images: list[bytes]) -> bytes:
    """The pack as PDF bytes with searchable Chinese text. Chromium prints the pages with a
    placeholder per chart while the charts' PNG rows are made ready (two threads: zlib works
    outside the GIL), then each placeholder gets its chart's pixels (charts/pdf_images.py);
    if that cannot be done, the pages are printed again with the images in them."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="briefing-pdf-image") as pool:
        ready = [pool.submit(pdf_image, png) for png in images]
        stand_ins = [placeholder(i) for i in range(len(images))]
        printed = print_pdf(briefing_html(b, stand_ins)) if len(images) < 256 else b""
        streams = [f.result() for f in ready]
    ok = [s for s in streams if s is not None]
    placed = place_images(printed, ok) if printed and len(ok) == len(images) else None
    if placed is None:
        placed = print_pdf(briefing_html(b, images))
    return export.fix_pdf_text(placed, b.title)
