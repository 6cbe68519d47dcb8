"""Chart snapshots (PNG/SVG/PDF with Chinese text) and table downloads (CSV/XLSX)."""

import io
import shutil
import struct
import subprocess
import sys
import threading

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from charts import export
from charts.maps import choropleth
from charts.theme import FONT_FAMILY

TITLE = "人民建议征集件数"  # 人 and 民 are the characters PDF text maps as radicals
UNIT = "件"
META = {"period_label": "2024年第3季度", "as_of": "2024-09-30", "source": "数据来源：测试"}


@pytest.fixture
def county_map(county_values: pd.DataFrame, county_geojson: dict) -> go.Figure:
    """A county choropleth with a few places missing."""
    return choropleth(
        county_values.iloc[3:], county_geojson, value_col="hours", title=TITLE, unit=UNIT
    )


def _image(fig: go.Figure, fmt: export.ImageFormat) -> bytes:
    """Export fig with the test title and footer."""
    return export.figure_image(fig, fmt, title=TITLE, unit=UNIT, **META)


def test_png_has_magic_and_requested_size(export_server: None, county_map: go.Figure) -> None:
    png = _image(county_map, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2400, 1400)  # 1200x700 at scale 2


def test_svg_holds_chinese_title_unit_and_footer(
    export_server: None, county_map: go.Figure
) -> None:
    svg = _image(county_map, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert f"{TITLE}（{UNIT}）" in svg
    assert "2024年第3季度 · 数据截至 2024-09-30 · 数据来源：测试" in svg
    assert "Noto Sans CJK SC" in svg


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_pdf_embeds_searchable_chinese_text(export_server: None, county_map: go.Figure) -> None:
    pdf = _image(county_map, "pdf")
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert TITLE in text and "数据截至" in text
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert TITLE in info.stdout.decode("utf-8")  # document title, not "Kaleido-fier"


def test_input_figure_is_not_mutated(export_server: None, county_map: go.Figure) -> None:
    before = county_map.to_plotly_json()
    _image(county_map, "svg")
    assert county_map.to_plotly_json() == before


def test_concurrent_sessions_get_their_own_images(export_server: None) -> None:
    titles = [f"会话{i}" for i in range(4)]
    results: dict[str, str] = {}

    def run(title: str) -> None:
        fig = go.Figure(go.Bar(x=["甲", "乙"], y=[1, 2]))
        svg = export.figure_image(fig, "svg", title=title, unit="", **META)
        results[title] = svg.decode("utf-8")

    threads = [threading.Thread(target=run, args=(t,)) for t in titles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == titles
    for title, svg in results.items():
        assert title in svg and all(other not in svg for other in titles if other != title)


def test_template_is_explicit_even_after_streamlit_changes_the_default() -> None:
    import plotly.io as pio
    import streamlit  # noqa: F401  (sets plotly's default template to "streamlit")

    assert "streamlit" in sys.modules and pio.templates.default != "social_work"
    out = export.export_figure(go.Figure(go.Bar(x=["甲"], y=[1])), title="标题", unit="个", **META)
    assert out.layout.template.layout.font.family == FONT_FAMILY
    assert out.layout.title.text == "标题（个）"
    assert out.layout.annotations[-1].text == "2024年第3季度 · 数据截至 2024-09-30 · 数据来源：测试"


def test_footer_uses_a_localised_as_of_phrase_as_given() -> None:
    assert export.footer_text("Q3 2024", "Data as of 2024-09-30", "Source") == (
        "Q3 2024 · Data as of 2024-09-30 · Source"
    )
    assert export.title_with_unit("Volunteer hours", "h") == "Volunteer hours (h)"


def test_falls_back_to_one_shot_without_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "_ensure_server", lambda: False)
    svg = export.figure_image(
        go.Figure(go.Bar(x=["甲"], y=[1])), "svg", title="回退", unit="", **META
    )
    assert "回退" in svg.decode("utf-8")


def test_cmap_repair_maps_radicals_to_ideographs() -> None:
    cmap = (
        "begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        "2 beginbfchar\n<01> <2F08>\n<02> <2EA0>\nendbfchar\n"
        "1 beginbfrange\n<03> <04> <5EFA>\nendbfrange\nendcmap\nend"
    )
    fixed = export.fix_cmap(cmap)
    assert fixed is not None
    assert "<01> <4EBA>" in fixed and "<02> <6C11>" in fixed  # 人, 民
    assert "<03> <5EFA>" in fixed and "<04> <5EFB>" in fixed  # ranges kept
    assert export.fix_cmap(cmap.replace("2F08", "4EBA").replace("2EA0", "6C11")) is None


def test_pdf_repair_leaves_unknown_files_alone() -> None:
    assert export.fix_pdf_text(b"not a pdf") == b"not a pdf"


TABLE = pd.DataFrame(
    {
        "地区": ["广州市", '=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "正常"],
        "件数": [1, 2, 3, 4, 5, 6, 7],
        "比例": [0.5, 1.25, -3.0, 0.0, 2.5, 1.0, 9.75],
    }
)


def test_csv_has_bom_chinese_headers_and_no_formulas() -> None:
    data = export.table_csv(TABLE)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "地区,件数,比例"
    back = pd.read_csv(io.StringIO(text))
    assert back["地区"].tolist()[1:6] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tTab",
    ]
    assert back["件数"].tolist() == TABLE["件数"].tolist()
    assert back["比例"].tolist() == TABLE["比例"].tolist()  # -3.0 stays a number


def test_xlsx_opens_with_bold_chinese_headers_and_safe_text() -> None:
    data = export.table_xlsx(TABLE, sheet_name="建议/征集?", title="人民建议征集")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.title == "建议_征集_"
    assert ws["A1"].value == "人民建议征集"
    assert [c.value for c in ws[3]] == ["地区", "件数", "比例"]
    assert all(c.font.b for c in ws[3])
    assert ws["A5"].value == '\'=HYPERLINK("http://x")' and ws["A5"].data_type == "s"
    assert ws["A6"].value == "'+1" and ws["A8"].value == "'@SUM(A1)"
    assert ws["B4"].value == 1 and isinstance(ws["B4"].value, int)
    assert ws["C6"].value == -3.0 and ws["C6"].data_type == "n"
    assert ws.column_dimensions["A"].width >= 8
    for row in ws.iter_rows():
        assert not any(c.data_type == "f" for c in row)


def test_table_exports_do_not_mutate_input() -> None:
    before = TABLE.copy()
    export.table_csv(TABLE)
    export.table_xlsx(TABLE, sheet_name="表")
    pd.testing.assert_frame_equal(TABLE, before)


def test_exported_title_names_the_unit_the_axis_shows() -> None:
    """A trend scaled to 万小时 is titled '…（万小时）', not the base unit it was given."""
    from charts.trends import versus_last_year

    months = pd.date_range("2024-01-01", periods=3, freq="MS")
    hours = pd.DataFrame({"period": months, "hours": [1.2e6, 2.5e6, 3.1e6]})
    fig = versus_last_year(
        hours, hours, "hours", title="志愿服务时长走势", unit="小时",
        current_name="本年", last_year_name="上年",
    )  # fmt: skip
    assert export.shown_unit(fig, "小时") == "万小时"
    assert export.shown_unit(fig, "件") == "件"
    svg = export.figure_image(fig, "svg", title="志愿服务时长走势", unit="小时", **META)
    assert "志愿服务时长走势（万小时）" in svg.decode("utf-8")


def test_the_same_chart_again_comes_from_the_image_cache(
    export_server: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second request for an identical chart renders nothing; changed values render anew."""
    export._IMAGES.clear()
    calls: list[str] = []
    real = export.render

    def counting(fig_dict: dict, opts: dict, *, use_server: bool = True) -> bytes:
        calls.append(opts["format"])
        return real(fig_dict, opts, use_server=use_server)

    monkeypatch.setattr(export, "render", counting)
    fig = go.Figure(go.Bar(x=["甲", "乙"], y=[1, 2]))
    first = export.figure_image(fig, "svg", title="缓存", unit="", **META)
    again = export.figure_image(go.Figure(fig), "svg", title="缓存", unit="", **META)
    assert again == first and calls == ["svg"]
    changed = export.figure_image(
        go.Figure(go.Bar(x=["甲", "乙"], y=[1, 3])), "svg", title="缓存", unit="", **META
    )
    assert changed != first and calls == ["svg", "svg"]
    export.figure_image(fig, "svg", title="缓存", unit="", **{**META, "as_of": "2024-10-01"})
    assert len(calls) == 3  # the footer is part of the image


def test_many_renders_in_a_row_reuse_the_tabs(export_server: None) -> None:
    """Tabs reloaded in the background come back: more renders than tabs all succeed."""
    export._IMAGES.clear()
    for i in range(5):
        svg = export.figure_image(
            go.Figure(go.Bar(x=["甲"], y=[i])), "svg", title=f"第{i}张", unit="", **META
        ).decode("utf-8")
        assert f"第{i}张" in svg


def test_a_batch_gives_each_chart_the_image_of_its_own_export(export_server: None) -> None:
    """Several charts rendered together come back in their order, each the same bytes as
    when exported on its own (more charts than tabs, a tab kept for several)."""
    charts = [(go.Figure(go.Bar(x=["甲", "乙"], y=[i, 2])), f"第{i}张", "件") for i in range(5)]
    export._IMAGES.clear()
    batch = export.figure_images(charts, "png", **META)
    export._IMAGES.clear()
    alone = [export.figure_image(f, "png", title=t, unit=u, **META) for f, t, u in charts]
    assert batch == alone and len(set(batch)) == 5


def test_a_batch_falls_back_to_one_shot_without_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the warm server a batch is still rendered, one Chromium per chart."""
    export._IMAGES.clear()
    monkeypatch.setattr(export, "_ensure_server", lambda: False)
    charts = [(go.Figure(go.Bar(x=["甲"], y=[i])), f"第{i}张", "") for i in range(2)]
    svgs = export.figure_images(charts, "svg", **META)
    assert [f"第{i}张" in s.decode("utf-8") for i, s in enumerate(svgs)] == [True, True]
