"""The briefing pack: a PDF with Chinese text and a 16:9 PowerPoint with one chart a slide."""

import io
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches
from sqlalchemy import Engine

from briefing_model import Briefing
from data_access.aggregate import Place
from data_access.regions import load_region_registry
from metrics import periods
from services.briefing_pack import pack_files


@pytest.fixture(scope="module")
def pack(sqlite_engine: Engine) -> tuple[Briefing, dict[str, bytes]]:
    """The briefing of week 48 of 2024, both formats."""
    r = load_region_registry("440000")
    names = dict(zip(r["adcode"], r["name"], strict=True))
    return pack_files(sqlite_engine, periods.iso_week(2024, 48), Place("440000", "province"),
                      names, "440000", "zh")  # fmt: skip


def test_pdf_parses_and_reads_in_chinese(
    pack: tuple[Briefing, dict[str, bytes]], tmp_path: Path
) -> None:
    briefing, files = pack
    path = tmp_path / "b.pdf"
    path.write_bytes(files["pdf"])
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = int(next(ln for ln in info.splitlines() if ln.startswith("Pages:")).split()[1])
    assert pages == 4 + len(briefing.charts)  # cover, cards + summary, alerts, charts, sources
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    for phrase in ("社会工作情况简报", "广东省委社会工作部", "演示数据", "数据来源与指标口径"):
        assert phrase in text, phrase
    assert "1,782" in text and "均在时限内的占84.0%" in text


def test_pptx_is_16_9_with_a_slide_per_chart(pack: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, files = pack
    deck = Presentation(io.BytesIO(files["pptx"]))
    assert deck.slide_width == Inches(13.333) and deck.slide_height == Inches(7.5)
    slides = list(deck.slides)
    assert len(slides) == 5 + len(briefing.charts)  # cover, cards, summary, alerts, charts, …
    texts = ["\n".join(s.text_frame.text for s in sl.shapes if s.has_text_frame) for sl in slides]
    assert "社会工作情况简报" in texts[0] and "演示数据" in texts[0]
    chart_slides = slides[4:-1]
    assert all(any(s.shape_type == 13 for s in sl.shapes) for sl in chart_slides)  # pictures
    assert any("志愿服务时长走势" in tx for tx in texts)


def test_ten_charts_including_two_maps(pack: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, _ = pack
    assert len(briefing.charts) >= 9
    assert sum("·" in c.title for c in briefing.charts[:2]) == 2  # 广东省 · 志愿服务时长 …


def test_unknown_format_is_refused(sqlite_engine: Engine) -> None:
    with pytest.raises(ValueError, match="不支持的格式"):
        pack_files(sqlite_engine, periods.iso_week(2024, 48), Place("440000", "province"),
                   {}, "440000", "zh", ("docx",))  # fmt: skip


def _pdf_pages(pdf: bytes, tmp_path: Path, name: str) -> tuple[int, str]:
    """Pages and page size as pdfinfo reads them."""
    path = tmp_path / name
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    fields = dict(ln.split(":", 1) for ln in info.splitlines() if ":" in ln)
    return int(fields["Pages"]), fields["Page size"].strip()


def test_warm_server_and_one_shot_chromium_print_the_same_pages(
    pack: tuple[Briefing, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack printed on the export server's Chromium has the pages and A4 landscape size
    of the one printed by a Chromium of its own."""
    from charts import export
    from charts.briefing_images import chart_images
    from charts.briefing_pdf import briefing_html, print_pdf

    briefing, _ = pack
    document = briefing_html(briefing, chart_images(briefing))
    assert export.warm_up()
    warm = _pdf_pages(print_pdf(document), tmp_path, "warm.pdf")
    monkeypatch.setattr(export, "server_pdf", lambda url: None)
    oneshot = _pdf_pages(print_pdf(document), tmp_path, "oneshot.pdf")
    assert warm == oneshot
    assert warm[0] == 4 + len(briefing.charts) and "A4" in warm[1]  # as test_pdf_pack_pages


def test_pdf_and_pptx_show_the_same_chart_images(
    pack: tuple[Briefing, dict[str, bytes]], tmp_path: Path
) -> None:
    """Each chart page of the PDF holds, pixel for pixel, the picture of its PowerPoint slide."""
    from PIL import Image

    briefing, files = pack
    deck = Presentation(io.BytesIO(files["pptx"]))
    pictures = [sh.image.blob for sl in list(deck.slides)[4:-1] for sh in sl.shapes
                if sh.shape_type == 13]  # fmt: skip
    (tmp_path / "b.pdf").write_bytes(files["pdf"])
    subprocess.run(["pdfimages", "-png", str(tmp_path / "b.pdf"), str(tmp_path / "img")],
                   check=True)  # fmt: skip
    printed = sorted(tmp_path.glob("img-*.png"))
    assert len(pictures) == len(printed) == len(briefing.charts)
    for picture, path in zip(pictures, printed, strict=True):
        slide_pixels = Image.open(io.BytesIO(picture)).convert("RGB")
        page_pixels = Image.open(path).convert("RGB")
        assert slide_pixels.size == page_pixels.size
        assert slide_pixels.tobytes() == page_pixels.tobytes()


def test_placed_and_printed_chart_images_give_the_same_pages(
    pack: tuple[Briefing, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack's PDF (chart pixels placed into the printed pages) looks page for page like the
    one Chromium prints with the images in it (the fallback)."""
    from charts import briefing_pdf
    from charts.briefing_images import chart_images

    briefing, files = pack
    monkeypatch.setattr(briefing_pdf, "place_images", lambda pdf, images: None)
    printed = briefing_pdf.briefing_pdf(briefing, chart_images(briefing))
    pages = []
    for name, pdf in (("placed", files["pdf"]), ("printed", printed)):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "2", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)  # fmt: skip  # page 1 has the time
        pages.append([p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))])
    assert len(pages[0]) == 3 + len(briefing.charts) and pages[0] == pages[1]
