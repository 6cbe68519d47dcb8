"""Chart export to PNG/SVG/PDF (Kaleido + system Chromium) and table export to CSV/XLSX.

Measured on the 2-core build machine with ``python benchmarks/export_bench.py`` (Guangdong
county choropleth, 1200x700 px, PNG at scale 2): a one-shot export starts Chromium and takes
2.6-3.9 s; ``warm_up()`` takes ~2.7 s once, after which an export takes 0.5-0.7 s for the
county map (PNG 0.6, SVG 0.5, PDF 0.7 s: 4-6x faster) and ~0.25 s for a small bar chart.
Almost all of the warm time is Chromium drawing; copying and theming the figure is ~0.06 s.

The warm server (``charts/render_server.py``) is one Chromium with two Kaleido tabs on an event
loop of its own: a used tab is reloaded after its image is returned, not before, and two
sessions render at once. Starting and stopping it go through ``_LOCK``. If it cannot start
(or dies), exports fall back to one-shot renders and a new start is tried after
``RETRY_AFTER`` seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import os
import re
import shutil
import threading
import time
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import kaleido
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from kaleido.errors import KaleidoError
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from plotly.utils import PlotlyJSONEncoder

from charts.offline import configure_offline, topojson_url
from charts.render_server import TABS, RenderServer
from charts.theme import FONT_FAMILY, SLATE, apply_theme

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r", "\n")
TITLE_SPACE = 70  # px reserved above the plot for the title
FOOTER_SPACE = 34  # px added below the plot for the footer line
START_TIMEOUT = 60.0  # s to wait for the warm server's first render
RENDER_TIMEOUT = 120.0  # s for one render on the warm server
RETRY_AFTER = 600.0  # s before starting the server again after a failed start
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")

_LOCK = threading.Lock()
IMAGE_CACHE_ENTRIES = 64
IMAGE_CACHE_BYTES = 64 * 1024 * 1024
_IMAGES: OrderedDict[str, bytes] = OrderedDict()  # digest of figure and options -> image
_server: dict[str, Any] = {"state": "idle", "since": 0.0}  # idle | running | failed
_log = logging.getLogger(__name__)


def chromium_path() -> str | None:
    """Return the Chromium to drive: $BROWSER_PATH, /usr/bin/chromium or one on PATH."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).exists():
        return env
    for candidate in CHROMIUM_CANDIDATES:
        found = candidate if Path(candidate).is_absolute() else shutil.which(candidate)
        if found and Path(found).exists():
            return found
    return None


def _kaleido_options() -> dict[str, Any]:
    """Return Kaleido constructor options: our Chromium, no MathJax (it would come from a CDN)."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found: install it or set BROWSER_PATH")
    return {"path": path, "mathjax": False, "n": 1}


def _server_thread_alive() -> bool:
    """True unless the warm server's loop thread has died."""
    server = _server.get("server")
    return server is None or server.alive()


def _stop_server() -> None:
    """Close the warm server, if one was started."""
    server = _server.pop("server", None)
    if server is not None:
        try:
            server.close()
        except Exception:  # noqa: BLE001 - a dead server cannot be closed cleanly
            _log.warning("export server did not close cleanly", exc_info=True)


def _set_state(state: str) -> None:
    """Record the server state and when it was reached."""
    _server.update(state=state, since=time.monotonic())


def _ensure_server() -> bool:
    """Start the warm server once (caller holds _LOCK); True when it is usable."""
    if _server["state"] == "running" and _server_thread_alive():
        return True
    if _server["state"] == "failed" and time.monotonic() - _server["since"] < RETRY_AFTER:
        return False
    _stop_server()
    try:
        configure_offline()
        server = RenderServer(_kaleido_options())
        _server["server"] = server
        server.open(START_TIMEOUT)
        server.render({"data": [], "layout": {}}, {"format": "svg"}, None, START_TIMEOUT)
    except Exception:  # noqa: BLE001 - any failure means "no warm server"
        _log.warning("export server did not start; using one-shot exports", exc_info=True)
        _stop_server()
        _set_state("failed")
        return False
    _set_state("running")
    return True


def warm_up(wait: bool = True) -> bool:
    """Start the shared export server now (or in the background); True if it is running."""
    if not wait:
        threading.Thread(target=warm_up, daemon=True, name="kaleido-warm-up").start()
        state: str = _server["state"]
        return state == "running"
    with _LOCK:
        return _ensure_server()


def stop_server() -> None:
    """Stop the shared export server (tests and benchmarks); the next export restarts it."""
    with _LOCK:
        _stop_server()
        _set_state("idle")


def _server_render(fig_dict: dict[str, Any], opts: dict[str, Any]) -> bytes:
    """Render on the running server (several sessions at once, one tab each)."""
    server: RenderServer = _server["server"]
    return server.render(fig_dict, opts, topojson_url(), RENDER_TIMEOUT)


def _oneshot_render(fig_dict: dict[str, Any], opts: dict[str, Any]) -> bytes:
    """Render with a fresh Chromium in its own thread and event loop (slow, always works)."""
    result: list[object] = []
    coroutine = kaleido.calc_fig(
        fig_dict, opts=opts, topojson=topojson_url(), kopts=_kaleido_options()
    )

    def run() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            result.append(exc)

    worker = threading.Thread(target=run, name="kaleido-oneshot")
    worker.start()
    worker.join()
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]  # type: ignore[return-value]  # bytes: an exception was raised above


def server_pdf(url: str) -> bytes | None:
    """Print a local page to PDF on the warm server; None when it is not running or fails
    (the caller then starts a Chromium of its own)."""
    with _LOCK:
        server: RenderServer | None = (
            _server.get("server") if _server["state"] == "running" else None
        )
    if server is None or not server.alive():
        return None
    try:
        return server.print_pdf(url, RENDER_TIMEOUT)
    except Exception:  # noqa: BLE001 - a one-shot Chromium still prints it
        _log.warning("printing on the export server failed; using a one-shot Chromium",
                     exc_info=True)  # fmt: skip
        return None


def _image_key(fig_dict: dict[str, Any], opts: dict[str, Any]) -> str:
    """The image cache's key: a digest of the figure and options."""
    spec = json.dumps({"fig": fig_dict, "opts": opts}, cls=PlotlyJSONEncoder, sort_keys=True)
    return hashlib.sha256(spec.encode("utf-8")).hexdigest()


def _cached(key: str) -> bytes | None:
    """The image remembered under key, if any."""
    with _LOCK:
        if key in _IMAGES:
            _IMAGES.move_to_end(key)
            return _IMAGES[key]
    return None


def _remember(key: str, data: bytes | str) -> bytes:
    """Keep an image under key (oldest dropped past the limits) and return it as bytes."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    with _LOCK:
        _IMAGES[key] = data
        while len(_IMAGES) > IMAGE_CACHE_ENTRIES or sum(map(len, _IMAGES.values())) > (
            IMAGE_CACHE_BYTES
        ):
            _IMAGES.popitem(last=False)
    return data


def _cached_render(fig_dict: dict[str, Any], opts: dict[str, Any], *, use_server: bool) -> bytes:
    """render(), remembering the last images: the same chart asked again (another session,
    a second click) is served at once. Keyed by a digest of the figure and options."""
    key = _image_key(fig_dict, opts)
    hit = _cached(key)
    if hit is not None:
        return hit
    return _remember(key, render(fig_dict, opts, use_server=use_server))


def _cached_render_many(
    jobs: list[tuple[dict[str, Any], dict[str, Any]]], *, use_server: bool
) -> list[bytes]:
    """_cached_render() for several figures: the ones not remembered are rendered together."""
    keys = [_image_key(fig_dict, opts) for fig_dict, opts in jobs]
    images = [_cached(key) for key in keys]
    missing = [i for i, image in enumerate(images) if image is None]
    if missing:
        rendered = render_many([jobs[i] for i in missing], use_server=use_server)
        for i, data in zip(missing, rendered, strict=True):
            images[i] = _remember(keys[i], data)
    return [image for image in images if image is not None]


def render_many(
    jobs: list[tuple[dict[str, Any], dict[str, Any]]], *, use_server: bool = True
) -> list[bytes | str]:
    """render() for several figures, in one batch on the warm server (a tab is reloaded once
    after its share, not after every figure); one-shot renders when the server is not there."""
    if use_server:
        with _LOCK:
            usable = _ensure_server()
        if usable:
            server: RenderServer = _server["server"]
            try:
                return list(server.render_many(jobs, topojson_url(), RENDER_TIMEOUT))
            except KaleidoError:
                raise  # a figure itself is bad; a restart would not help
            except Exception:  # noqa: BLE001
                _log.warning("export server failed; restarting later", exc_info=True)
                with _LOCK:
                    _stop_server()
                    _set_state("idle")
    with ThreadPoolExecutor(max_workers=TABS, thread_name_prefix="kaleido-oneshots") as pool:
        return list(pool.map(lambda job: _oneshot_render(*job), jobs))  # two Chromiums at once


def render(fig_dict: dict[str, Any], opts: dict[str, Any], *, use_server: bool = True) -> bytes:
    """Render a figure dict with Kaleido; warm server when possible, else one-shot."""
    if use_server:
        with _LOCK:
            usable = _ensure_server()
        if usable:
            try:
                return _server_render(fig_dict, opts)
            except KaleidoError:
                raise  # the figure itself is bad; a restart would not help
            except Exception:  # noqa: BLE001
                _log.warning("export server failed; restarting later", exc_info=True)
                with _LOCK:
                    _stop_server()
                    _set_state("idle")
    return _oneshot_render(fig_dict, opts)


def _has_cjk(text: str) -> bool:
    """True when text contains a CJK character."""
    return any(ord(ch) >= 0x2E80 for ch in text)


def title_with_unit(title: str, unit: str) -> str:
    """Return "标题（单位）" for Chinese titles, "Title (unit)" otherwise."""
    if not unit:
        return title
    return f"{title}（{unit}）" if _has_cjk(title) else f"{title} ({unit})"


SCALE_PREFIXES = ("万", "亿", "thousand ", "million ")


def _axis_titles(fig: go.Figure) -> list[str]:
    """Titles of the figure's axes and colour bars, where set."""
    layout = fig.layout
    bars = [getattr(tr, "colorbar", None) for tr in fig.data]
    bars.append(layout.coloraxis.colorbar)
    titles = [layout.xaxis.title.text, layout.yaxis.title.text]
    titles += [b.title.text for b in bars if b is not None and b.title is not None]
    return [text for text in titles if text]


def shown_unit(fig: go.Figure, unit: str) -> str:
    """The unit as the chart shows it: '万小时' when its axis was scaled from '小时'."""
    if not unit:
        return unit
    for text in _axis_titles(fig):
        if text in (f"{prefix}{unit}" for prefix in SCALE_PREFIXES):
            return text
    return unit


def footer_text(period_label: str, as_of: str, source: str) -> str:
    """Return "{period} · 数据截至 {as_of} · {source}"; empty parts are skipped.

    A bare date (starting with a digit) gets the Chinese "数据截至" prefix; a localised phrase
    such as "Data as of 2024-09-30" is used as given.
    """
    stamp = f"数据截至 {as_of}" if as_of[:1].isdigit() else as_of
    return " · ".join(p for p in (period_label, stamp, source) if p)


def _margins(fig: go.Figure) -> dict[str, int]:
    """Return the figure's margins with room for title and footer."""
    template = fig.layout.template.layout.margin
    m = fig.layout.margin

    def pick(side: str, default: int) -> int:
        value = getattr(m, side)
        value = getattr(template, side) if value is None else value
        return int(default if value is None else value)

    return {
        "l": pick("l", 60),
        "r": pick("r", 30),
        "t": max(pick("t", 70), TITLE_SPACE),
        "b": pick("b", 50) + FOOTER_SPACE,
    }


def export_figure(
    fig: go.Figure,
    *,
    title: str,
    unit: str,
    period_label: str,
    as_of: str,
    source: str,
    width: int = 1200,
    height: int = 700,
) -> go.Figure:
    """Return a themed copy of fig sized for export with title (and unit) and footer line."""
    shell = _export_shell(
        fig, title=title, unit=unit, period_label=period_label, as_of=as_of, source=source,
        width=width, height=height,
    )  # fmt: skip
    return go.Figure(data=fig.data, layout=shell.layout)


def _export_shell(
    fig: go.Figure,
    *,
    title: str,
    unit: str,
    period_label: str,
    as_of: str,
    source: str,
    width: int,
    height: int,
) -> go.Figure:
    """A figure with only fig's layout, themed and sized for export with title and footer."""
    unit = shown_unit(fig, unit)
    out = apply_theme(go.Figure(layout=fig.layout))
    margin = _margins(out)
    plot_w = max(width - margin["l"] - margin["r"], 1)
    plot_h = max(height - margin["t"] - margin["b"], 1)
    out.update_layout(
        width=width,
        height=height,
        autosize=False,
        margin=margin,
        font_family=FONT_FAMILY,
        title={
            "text": title_with_unit(title, unit),
            "x": 12 / width,
            "xref": "container",
            "xanchor": "left",
            "y": 1 - 16 / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 22, "family": FONT_FAMILY},
        },
    )
    out.add_annotation(
        text=footer_text(period_label, as_of, source),
        xref="paper",
        yref="paper",
        x=-(margin["l"] - 12) / plot_w,
        y=-(margin["b"] - 8) / plot_h,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": 12, "color": SLATE, "family": FONT_FAMILY},
    )
    return out


def _image_job(
    fig: go.Figure,
    fmt: ImageFormat,
    *,
    title: str,
    unit: str,
    period_label: str,
    as_of: str,
    source: str,
    width: int,
    height: int,
    scale: float,
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """What the renderer is sent for one export (figure dict, options) and the shown title."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"format must be one of {IMAGE_FORMATS}, not {fmt!r}")
    out = _export_shell(
        fig,
        title=title,
        unit=unit,
        period_label=period_label,
        as_of=as_of,
        source=source,
        width=width,
        height=height,
    )
    # Vector formats ignore pixel density; scale would only enlarge the PDF page.
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    # The traces go to the renderer as plotly holds them (read only, never copied: a county
    # map's boundaries are ~350 KiB); only the small layout is a themed copy.
    fig_dict = {"data": fig._data, "layout": out.to_dict()["layout"]}  # noqa: SLF001
    return fig_dict, opts, out.layout.title.text


def figure_image(
    fig: go.Figure,
    fmt: ImageFormat,
    *,
    title: str,
    unit: str,
    period_label: str,
    as_of: str,
    source: str,
    width: int = 1200,
    height: int = 700,
    scale: float = 2,
    use_server: bool = True,
) -> bytes:
    """Export a copy of fig as PNG/SVG/PDF bytes with title, unit, period, as-of date and source."""
    fig_dict, opts, shown_title = _image_job(
        fig, fmt, title=title, unit=unit, period_label=period_label, as_of=as_of, source=source,
        width=width, height=height, scale=scale,
    )  # fmt: skip
    data = _cached_render(fig_dict, opts, use_server=use_server)
    return fix_pdf_text(data, shown_title) if fmt == "pdf" else data


def figure_images(
    charts: list[tuple[go.Figure, str, str]],
    fmt: ImageFormat,
    *,
    period_label: str,
    as_of: str,
    source: str,
    width: int = 1200,
    height: int = 700,
    scale: float = 2,
    use_server: bool = True,
) -> list[bytes]:
    """figure_image() for several (figure, title, unit) sharing the footer and size, rendered
    in one batch on the warm server; the same bytes as one figure_image() call each."""
    jobs = []
    for fig, title, unit in charts:
        job = _image_job(
            fig, fmt, title=title, unit=unit, period_label=period_label, as_of=as_of,
            source=source, width=width, height=height, scale=scale,
        )  # fmt: skip
        jobs.append(job)
    images = _cached_render_many([(d, o) for d, o, _ in jobs], use_server=use_server)
    if fmt != "pdf":
        return images
    return [fix_pdf_text(data, t) for data, (_, _, t) in zip(images, jobs, strict=True)]


# --- PDF text repair ------------------------------------------------------------------------
# Chromium's PDF writer (Skia) builds each font's ToUnicode map from the font's cmap. Noto
# CJK maps radicals and ideographs to the same glyphs (人 and ⼈ U+2F08, 门 and ⻔ U+2ED4), and
# Skia picks the radical, so copied or searched text reads "⼈⺠" instead of "人民". We rewrite
# the ToUnicode CMaps (and the document title) and rebuild the xref table. Any surprise in the
# file layout leaves the PDF untouched: the repair is best effort and never breaks an export.
_SUPPLEMENT_CODES = (
    "2E82 2E83 2E85 2E89 2E8F 2E90 2E92 2E93 2E94 2E95 2E96 2E98 2E99 2E9B 2E9E 2E9F 2EA0 "
    "2EA1 2EA3 2EA4 2EA6 2EA8 2EAD 2EAF 2EB0 2EB1 2EB9 2EBA 2EBE 2EC2 2EC5 2EC6 2EC8 2EC9 "
    "2ECB 2ECC 2ED0 2ED1 2ED2 2ED3 2ED4 2ED6 2ED8 2ED9 2EDA 2EDB 2EDC 2EDD 2EDF 2EE0 2EE2 "
    "2EE3 2EE4 2EE5 2EE6 2EE7 2EE8 2EE9 2EEA 2EEB 2EEC 2EEE 2EEF 2EF0 2EF1 2EF2 2EF3"
)
# The ideographs that Noto Sans CJK SC draws with the same glyph, in the same order.
_SUPPLEMENT_IDEOGRAPHS = (
    "乛乚亻刂尣尢巳幺彑彐忄扌攵旡歺母民氵灬爫丬犭礻糹纟罓耂肀艹衤见角讠贝车辶钅長镸长门阝青韦页风飞食"
    "飠饣马骨鬼鱼鸟卤麦黄黾斉齐齿竜龙龜亀龟"
)


def _radical_map() -> dict[str, str]:
    """Map CJK radicals (Kangxi and supplement) to the ideographs that share their glyph."""
    table = {
        chr(cp): unicodedata.normalize("NFKC", chr(cp))
        for cp in range(0x2F00, 0x2FD6)
        if unicodedata.name(chr(cp), "")
    }
    table["\u2f3e"] = "户"  # NFKC gives the traditional 戶; the SC glyph is 户
    codes = _SUPPLEMENT_CODES.split()
    table.update(
        (chr(int(c, 16)), ideograph)
        for c, ideograph in zip(codes, _SUPPLEMENT_IDEOGRAPHS, strict=True)
    )
    return table


_RADICALS = _radical_map()
_BF_SECTION = re.compile(r"beginbf(char|range)(.*?)endbf\1", re.S)
_BF_CHAR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BF_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def _utf16(hex_text: str) -> str:
    """Decode a CMap destination (UTF-16BE hex)."""
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _utf16_hex(text: str) -> str:
    """Encode text as a CMap destination, replacing radicals by their ideographs."""
    return "".join(_RADICALS.get(ch, ch) for ch in text).encode("utf-16-be").hex().upper()


def _range_entries(lo: str, hi: str, dest: str) -> list[tuple[str, str]]:
    """Expand one bfrange line into (source hex, text) pairs."""
    width, start, stop = len(lo), int(lo, 16), int(hi, 16)
    if dest.startswith("["):
        targets = [_utf16(t) for t in re.findall(r"<([0-9A-Fa-f]+)>", dest)]
    else:
        first = _utf16(dest.strip("<>"))
        targets = [first[:-1] + chr(ord(first[-1]) + i) for i in range(stop - start + 1)]
    return [(f"{start + i:0{width}X}", t) for i, t in enumerate(targets[: stop - start + 1])]


def _cmap_entries(body: str) -> list[tuple[str, str]]:
    """Return all (source hex, text) mappings of a ToUnicode CMap."""
    entries: list[tuple[str, str]] = []
    for kind, section in _BF_SECTION.findall(body):
        if kind == "char":
            entries += [(src.upper(), _utf16(dst)) for src, dst in _BF_CHAR.findall(section)]
        else:
            for lo, hi, dest in _BF_RANGE.findall(section):
                entries += _range_entries(lo, hi, dest)
    return entries


def fix_cmap(cmap: str) -> str | None:
    """Return the CMap with radicals replaced by ideographs, or None when nothing changes."""
    entries = _cmap_entries(cmap)
    if not any(ch in _RADICALS for _, text in entries for ch in text):
        return None
    lines = [f"<{src}> <{_utf16_hex(text)}>" for src, text in sorted(entries)]
    blocks = [lines[i : i + 100] for i in range(0, len(lines), 100)]
    body = "".join(f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar\n" for b in blocks)
    head, _, rest = cmap.partition("endcodespacerange\n")
    _, _, tail = rest.partition("endcmap")
    return f"{head}endcodespacerange\n{body}endcmap{tail}"


_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_OBJECT_NUMBER = re.compile(rb"\s*(\d+)\s+0\s+obj")


def _fixed_object(chunk: bytes, title: str, cmaps: set[bytes]) -> bytes:
    """Return one "N 0 obj ... endobj" chunk with its ToUnicode CMap or title repaired; only
    the streams numbered in cmaps are read (when it is empty, every stream), so the
    images' pixels of a briefing pack are never inflated."""
    if chunk.find(b"/Title (Kaleido-fier)") != -1:
        pdf_title = b"<FEFF" + title.encode("utf-16-be").hex().upper().encode() + b">"
        return chunk.replace(b"(Kaleido-fier)", pdf_title, 1)
    if cmaps:
        number = _OBJECT_NUMBER.match(chunk)
        if number is None or number.group(1) not in cmaps:
            return chunk
    start = chunk.find(b"stream\n")
    end = chunk.rfind(b"endstream")
    if start == -1 or end == -1 or b"/FlateDecode" not in chunk[:start]:
        return chunk
    raw = zlib.decompress(chunk[start + 7 : end])
    fixed = fix_cmap(raw.decode("latin-1")) if b"begincmap" in raw else None
    if fixed is None:
        return chunk
    stream = zlib.compress(fixed.encode("latin-1"))
    header = re.sub(rb"/Length \d+", b"/Length %d" % len(stream), chunk[:start], count=1)
    return header + b"stream\n" + stream + b"\nendstream\nendobj\n"


def fix_pdf_text(data: bytes, title: str = "") -> bytes:
    """Repair a Chromium PDF's text mapping (radicals → ideographs); unchanged on surprises."""
    cmaps = set(_TO_UNICODE.findall(data))
    try:
        return rewrite_pdf_objects(data, lambda chunk: _fixed_object(chunk, title, cmaps))
    except (AttributeError, ValueError, zlib.error, UnicodeError):
        _log.warning("PDF text repair skipped: unexpected PDF layout", exc_info=True)
        return data


def rewrite_pdf_objects(data: bytes, fix: Callable[[bytes], bytes]) -> bytes:
    """A Chromium PDF with each "N 0 obj ... endobj" chunk passed through fix and the xref
    table rebuilt; raises AttributeError, ValueError (or fix's errors) on an unexpected layout."""
    # A missing match raises AttributeError on None: "unexpected layout".
    end = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    xref_at = int(end.group(1))  # type: ignore[union-attr]  # None -> AttributeError
    table = re.match(rb"xref\s+0 (\d+)\s+", data[xref_at:])
    at = table.end()  # type: ignore[union-attr]  # None -> AttributeError
    rows: list[tuple[bytes, bytes, bytes]] = re.findall(
        rb"(\d{10}) (\d{5}) ([nf])", data[xref_at + at :]
    )
    count = int(table.group(1))  # type: ignore[union-attr]  # None -> AttributeError
    offsets = sorted(int(off) for off, _, kind in rows[:count] if kind == b"n")
    trailer = data[data.index(b"trailer", xref_at) : data.rindex(b"startxref")]
    bounds = [*offsets, xref_at]
    chunks = [fix(data[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    out = bytearray(data[: offsets[0]])
    new_offsets = {}
    for old, chunk in zip(offsets, chunks, strict=True):
        new_offsets[old] = len(out)
        out += chunk
    return bytes(out) + _xref(data, xref_at, rows, new_offsets, trailer, len(out))


def _xref(
    data: bytes,
    xref_at: int,
    rows: list[tuple[bytes, bytes, bytes]],
    moved: dict[int, int],
    trailer: bytes,
    at: int,
) -> bytes:
    """Return a new xref table, trailer and startxref for moved objects."""
    table = re.match(rb"xref\s+0 (\d+)", data[xref_at:])
    count = int(table.group(1))  # type: ignore[union-attr]  # fix_pdf_text matched it already
    lines = [b"xref\n0 %d\n" % count]
    for off, gen, kind in rows[:count]:
        new = moved.get(int(off), int(off)) if kind == b"n" else int(off)
        lines.append(b"%010d %s %s \n" % (new, gen, kind))
    return b"".join(lines) + trailer + b"startxref\n%d\n%%%%EOF\n" % at


def _safe_text(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with a single quote."""
    if isinstance(value, str) and value.lstrip(" \u3000").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of df whose text cells and headers cannot start a formula."""
    out = df.copy()
    out.columns = [_safe_text(c) for c in out.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not (
            pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)
        ):
            out.isetitem(i, column.map(_safe_text).astype(object))  # type: ignore[arg-type]  # the stubs omit Series
    return out


def table_csv(df: pd.DataFrame) -> bytes:
    """Return df as CSV bytes in UTF-8 with BOM (Excel-friendly), formulas neutralised."""
    text = neutralise_formulas(df).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _cell_value(value: object) -> object:
    """Convert a pandas/numpy value into something openpyxl writes natively."""
    if value is None or (not isinstance(value, str | bytes) and pd.isna(value)):  # type: ignore[call-overload]  # a cell is a scalar; the stubs want a typed one
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, int | float | bool | date | datetime):
        return value
    return str(value)


def _display_width(value: object) -> int:
    """Return the approximate column width of a value (CJK characters count double)."""
    text = (
        value
        if isinstance(value, str)
        else (f"{value:,}" if isinstance(value, int) else str(value))
    )
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _number_format(series: pd.Series) -> str | None:
    """Return an Excel number format for a column, or None to keep the default."""
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "#,##0"
    if pd.api.types.is_float_dtype(series):
        return "#,##0.00"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "yyyy-mm-dd"
    return None


def sheet_title(name: str) -> str:
    """Return a valid worksheet name (no []:*?/\\, at most 31 characters)."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "Sheet1"
    return cleaned[:31]


_HEADER_FILL = PatternFill("solid", fgColor="E8EDF2")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="7F8C8D"))


def _write_rows(ws: Any, df: pd.DataFrame, first_row: int) -> None:
    """Write the header and data rows of df starting at first_row."""
    for j, header in enumerate(df.columns, start=1):
        cell = ws.cell(row=first_row, column=j, value=_cell_value(header))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    formats = [_number_format(df.iloc[:, j]) for j in range(df.shape[1])]
    for i, row in enumerate(df.itertuples(index=False, name=None), start=first_row + 1):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j, value=_cell_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif formats[j - 1] and cell.value is not None:
                cell.number_format = formats[j - 1]


def _fit_columns(ws: Any, df: pd.DataFrame) -> None:
    """Set each column's width from its header and longest value."""
    for j in range(df.shape[1]):
        values = [df.columns[j], *df.iloc[:200, j].tolist()]
        widest = max(_display_width(_cell_value(v) or "") for v in values)
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(widest + 2, 8), 60)


def table_xlsx(df: pd.DataFrame, sheet_name: str, title: str | None = None) -> bytes:
    """Return df as an .xlsx workbook: optional title row, bold header, fitted widths."""
    safe = neutralise_formulas(df)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet_name)
    header_row = 1
    if title:
        ws.cell(row=1, column=1, value=_cell_value(_safe_text(title))).font = Font(
            bold=True, size=14
        )
        header_row = 3
    _write_rows(ws, safe, header_row)
    _fit_columns(ws, safe)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if safe.shape[1]:
        last = get_column_letter(safe.shape[1])
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(safe)}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
