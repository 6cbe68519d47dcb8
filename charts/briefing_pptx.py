"""The briefing pack as PowerPoint: 16:9, one chart per slide with its title and key numbers."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from briefing_model import Briefing
from charts.export import shown_unit, title_with_unit
from i18n import t

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
FONT = "Microsoft YaHei"  # what Chinese government PCs have; Noto CJK where it is missing
RED = RGBColor(0xC0, 0x39, 0x2B)  # type: ignore[no-untyped-call]  # python-pptx leaves RGBColor untyped
TEXT = RGBColor(0x2C, 0x3E, 0x50)  # type: ignore[no-untyped-call]  # python-pptx leaves RGBColor untyped
GREY = RGBColor(0x5D, 0x6D, 0x7E)  # type: ignore[no-untyped-call]  # python-pptx leaves RGBColor untyped


def _text(slide, x, y, w, h, text: str, size: int, color=TEXT, bold=False):  # type: ignore[no-untyped-def]  # python-pptx shapes
    """A text box whose runs use a CJK font for both Latin and East Asian script."""
    box = slide.shapes.add_textbox(x, y, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
        run.font.name = FONT
        rpr = run._r.get_or_add_rPr()
        ea = rpr.find(qn("a:ea"))
        if ea is None:
            ea = rpr.makeelement(qn("a:ea"), {})
            rpr.append(ea)
        ea.set("typeface", FONT)
    return box


def _footer(slide, b: Briefing) -> None:  # type: ignore[no-untyped-def]  # python-pptx shapes
    """Department, period and data-as-of date at the foot of a slide."""
    line = f"{b.department} · {b.period_label} · {b.as_of}"
    _text(slide, Inches(0.5), Inches(7.0), Inches(12.3), Inches(0.4), line, 10, GREY)


def _alerts_slide(deck, b: Briefing) -> None:  # type: ignore[no-untyped-def]  # python-pptx shapes
    """The 督办预警 slide: counts, places behind schedule and a table of overdue milestones."""
    a = b.alerts
    assert a is not None
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, Inches(0.5), Inches(0.3), Inches(12), Inches(0.7), a.title, 28, TEXT, True)
    _text(slide, Inches(0.6), Inches(1.1), Inches(12.1), Inches(1.6), "\n".join(a.lines), 15)
    _text(slide, Inches(0.6), Inches(2.75), Inches(7.6), Inches(0.5), a.table_title, 16,
          RED if a.rows else TEXT, True)  # fmt: skip
    if a.rows:
        _table(slide, Inches(0.6), [a.header, *a.rows], (1.1, 2.3, 2.2, 1.2, 0.9))
    if a.more:
        _text(slide, Inches(0.6), Inches(6.55), Inches(7.6), Inches(0.4), a.more, 12, GREY)
    if a.task_rows:
        _text(slide, Inches(8.6), Inches(2.75), Inches(4.2), Inches(0.5), a.task_title, 16,
              TEXT, True)  # fmt: skip
        _table(slide, Inches(8.6), [a.task_header, *a.task_rows], (2.5, 0.9, 0.9))
    _footer(slide, b)


def _table(slide, x, rows: list[list[str]], widths: tuple[float, ...]) -> None:  # type: ignore[no-untyped-def]  # python-pptx shapes
    """A table under the slide's sub-heading: header row in bold, columns of these widths."""
    shape = slide.shapes.add_table(len(rows), len(widths), x, Inches(3.3),
                                   Inches(sum(widths)), Inches(0.3) * len(rows))  # fmt: skip
    table = shape.table
    for j, width in enumerate(widths):
        table.columns[j].width = Inches(width)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            _cell(table.cell(i, j), value, bold=i == 0)


def _cell(cell, value: str, bold: bool = False) -> None:  # type: ignore[no-untyped-def]  # python-pptx shapes
    """A table cell in the CJK font."""
    cell.text = ""
    run = cell.text_frame.paragraphs[0].add_run()
    run.text = value
    run.font.size = Pt(11)
    run.font.bold = bold
    run.font.name = FONT
    rpr = run._r.get_or_add_rPr()
    ea = rpr.makeelement(qn("a:ea"), {"typeface": FONT})
    rpr.append(ea)


def briefing_pptx(b: Briefing, images: list[bytes]) -> bytes:
    """The pack as .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]
    cover = deck.slides.add_slide(blank)
    _text(cover, Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.2), b.title, 40, RED, True)
    _text(cover, Inches(0.8), Inches(3.2), Inches(11.7), Inches(0.7), b.department, 24)
    meta = f"{b.period_label} · {b.place_name}\n{b.as_of}\n{b.generated}"
    _text(cover, Inches(0.8), Inches(4.0), Inches(11.7), Inches(1.4), meta, 16, GREY)
    if b.demo:
        _text(cover, Inches(0.8), Inches(5.8), Inches(11.7), Inches(0.8),
              t("briefing.demo_notice", b.language), 14, RED)  # fmt: skip
    cards = deck.slides.add_slide(blank)
    _text(cards, Inches(0.5), Inches(0.3), Inches(12), Inches(0.7),
          t("briefing.kpis", b.language), 28, TEXT, True)  # fmt: skip
    for i, card in enumerate(b.cards):
        col, row = i % 4, i // 4
        x, y = Inches(0.5 + col * 3.1), Inches(1.3 + row * 2.6)
        _text(cards, x, y, Inches(2.9), Inches(0.5), card.label, 14, GREY)
        _text(cards, x, y + Inches(0.5), Inches(2.9), Inches(0.9), card.value, 26, RED, True)
        _text(cards, x, y + Inches(1.4), Inches(2.9), Inches(0.9), card.note, 11, GREY)
    _footer(cards, b)
    summary = deck.slides.add_slide(blank)
    _text(summary, Inches(0.5), Inches(0.3), Inches(12), Inches(0.7),
          t("briefing.summary", b.language), 28, TEXT, True)  # fmt: skip
    _text(summary, Inches(0.6), Inches(1.3), Inches(12.1), Inches(5.4), "\n".join(b.summary), 18)
    _footer(summary, b)
    if b.alerts is not None:
        _alerts_slide(deck, b)
    for chart, png in zip(b.charts, images, strict=True):
        slide = deck.slides.add_slide(blank)
        heading = title_with_unit(chart.title, shown_unit(chart.figure, chart.unit))
        _text(slide, Inches(0.5), Inches(0.2), Inches(12.3), Inches(0.6), heading, 24, TEXT, True)
        height = Inches(5.6)
        width = Emu(int(height * 1400 / 760))
        slide.shapes.add_picture(io.BytesIO(png), (SLIDE_W - width) // 2, Inches(0.9),
                                 width=width, height=height)  # fmt: skip
        if chart.key_numbers:
            _text(slide, Inches(0.5), Inches(6.5), Inches(12.3), Inches(0.5),
                  " · ".join(chart.key_numbers), 14, GREY)  # fmt: skip
        _footer(slide, b)
    sources = deck.slides.add_slide(blank)
    _text(sources, Inches(0.5), Inches(0.3), Inches(12), Inches(0.7),
          t("briefing.sources", b.language), 28, TEXT, True)  # fmt: skip
    body = b.source + "\n" + "\n".join(f"• {d}" for d in b.definitions)
    _text(sources, Inches(0.6), Inches(1.3), Inches(12.1), Inches(5.4), body, 14)
    _footer(sources, b)
    out = io.BytesIO()
    deck.core_properties.title = b.title
    deck.save(out)
    return out.getvalue()
