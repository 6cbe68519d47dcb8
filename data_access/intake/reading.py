"""File bytes to rows of cells: CSV in UTF-8/GBK, XLSX with merged cells, header row found."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, range_boundaries

from data_access.intake.columns import DatasetSpec, header_keys

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other Office 97 files)
MAX_UNZIPPED_BYTES = 1 << 30  # an .xlsx that inflates beyond 1 GiB is refused (zip bomb)
HEADER_SEARCH_ROWS = 40
DELIMITERS = (",", "\t", ";", "|")
csv.field_size_limit(1 << 27)  # a cell may be as long as the whole file


class FileError(Exception):
    """A file that cannot be imported at all, with the reason in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass
class Sheet:
    """Rows of cells as read, each with the row number Excel shows (1-based)."""

    name: str
    rows: list[list[object]]
    numbers: list[int]
    encoding: str | None = None
    hidden: bool = False  # a hidden worksheet
    hidden_rows: frozenset[int] = frozenset()  # row numbers hidden in Excel
    hidden_columns: frozenset[int] = frozenset()  # 0-based column indexes hidden in Excel
    formula_cells: frozenset[tuple[int, int]] = frozenset()  # (row, 0-based column) saved
    # with a formula but without its computed value (a file not saved by Excel)


@dataclass
class HeaderMatch:
    """Where the header is and which file column feeds which dataset column."""

    row: int  # index into Sheet.rows
    columns: dict[int, str]  # file column index -> dataset column name
    labels: dict[int, str]  # file column index -> header text as written


def check_size(size: int, max_mb: float) -> None:
    """Refuse files of max_mb megabytes or more before reading them."""
    if size >= max_mb * 1024 * 1024:
        raise FileError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {max_mb:g} MB，请拆分后分批导入",
            f"file too large ({size / 1024 / 1024:.1f} MB); the limit is {max_mb:g} MB, "
            "split it and import the parts",
        )


def read_sheets(data: bytes, file_name: str) -> list[Sheet]:
    """Read a CSV or XLSX file into sheets of raw cells."""
    if not data:
        raise FileError("文件是空的", "the file is empty")
    if data.startswith(OLE_MAGIC):
        raise FileError(
            "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后导入",
            "legacy .xls files are not supported; save it as .xlsx in Excel",
        )
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    return [read_csv(data)]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text, "gbk" if encoding == "gb18030" else encoding
    raise FileError(
        "无法识别的文件：不是 CSV（UTF-8 或 GBK 编码）或 XLSX 文件",
        "unrecognised file: not a CSV (UTF-8 or GBK) or XLSX file",
    )


def _looks_binary(text: str) -> bool:
    """True when text has NULs or many control characters: a binary file, not a table."""
    head = text[:65536]
    if head.count("\x00") > max(8, len(head) // 1000):  # a stray NUL in a cell is not binary
        return True
    controls = sum(1 for ch in head if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls > max(2, len(head) // 200)


def _delimiter(text: str) -> str:
    """The delimiter used most in the first lines."""
    head = "\n".join(text.splitlines()[:50])
    counts = {d: head.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes) -> Sheet:
    """Read CSV bytes into rows of text cells, numbered as Excel shows them (one row per
    record, however many lines a quoted cell spans)."""
    text, encoding = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list[object]] = []
    numbers: list[int] = []
    try:
        for row in reader:
            rows.append(list(row))
            numbers.append(len(rows))
    except csv.Error as exc:
        raise FileError(
            f"CSV 格式错误（第 {reader.line_num} 行）", f"malformed CSV (line {reader.line_num})"
        ) from exc
    return Sheet("csv", rows, numbers, encoding)


def _sheet_paths(archive: zipfile.ZipFile) -> list[tuple[str, bool]]:
    """The worksheet XML paths in workbook order, each with whether the sheet is hidden."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.findall("p:Relationship", ns)}
    paths = []
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths.append((path, sheet.get("state", "visible") != "visible"))
    return paths


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')
_HIDDEN_ROW_RE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER_RE = re.compile(rb'\br="(\d+)"')
_COL_RE = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_FORMULA_NO_VALUE_RE = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?f\b[^>]*'
    rb"(?:/>|>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*"
    rb"</(?:\w+:)?c>"
)  # a formula cell whose value is missing or empty (saved by a program that did not compute)


@dataclass(frozen=True)
class SheetLayout:
    """What a worksheet's XML says beyond its values: merges, hidden rows and columns."""

    merged: list[tuple[int, int, int, int]]
    hidden_rows: frozenset[int]
    hidden_columns: frozenset[int]
    formula_cells: frozenset[tuple[int, int]]


def _layout(archive: zipfile.ZipFile, path: str) -> SheetLayout:
    """Merged ranges (min_col, min_row, max_col, max_row; 1-based), hidden rows and columns."""
    try:
        xml = archive.read(path)
    except KeyError:
        return SheetLayout([], frozenset(), frozenset(), frozenset())
    tail = xml[xml.rfind(b"</sheetData>") :] if b"</sheetData>" in xml else xml
    merged = [range_boundaries(ref.decode()) for ref in _MERGE_RE.findall(tail)]
    rows = set()
    for tag in _HIDDEN_ROW_RE.findall(xml):
        number = _ROW_NUMBER_RE.search(tag)
        if number:
            rows.add(int(number.group(1)))
    columns: set[int] = set()
    head = xml[: xml.find(b"<sheetData")] if b"<sheetData" in xml else b""
    for tag in _COL_RE.findall(head):
        if re.search(rb'\bhidden="(?:1|true)"', tag):
            low = re.search(rb'\bmin="(\d+)"', tag)
            high = re.search(rb'\bmax="(\d+)"', tag)
            if low and high:
                columns.update(range(int(low.group(1)) - 1, min(int(high.group(1)), 16384)))
    formulas = frozenset(
        (int(row), column_index_from_string(letters.decode()) - 1)
        for letters, row in _FORMULA_NO_VALUE_RE.findall(xml)
    )
    return SheetLayout(merged, frozenset(rows), frozenset(columns), formulas)


def read_xlsx(data: bytes) -> list[Sheet]:
    """Read every sheet of an .xlsx workbook; merged cells take their top-left value."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise FileError("XLSX 文件解压后过大", "the XLSX file is too large when unpacked")
        paths = _sheet_paths(archive)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = []
        for index, ws in enumerate(book.worksheets):
            rows = [list(row) for row in ws.iter_rows(values_only=True)]
            path, hidden = paths[index] if index < len(paths) else ("", False)
            layout = _layout(archive, path)
            _fill_merged(rows, layout.merged)
            sheets.append(
                Sheet(
                    ws.title,
                    rows,
                    list(range(1, len(rows) + 1)),
                    hidden=hidden,
                    hidden_rows=layout.hidden_rows,
                    hidden_columns=layout.hidden_columns,
                    formula_cells=layout.formula_cells,
                )
            )
        book.close()
    except FileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside openpyxl means a broken file
        raise FileError(
            "XLSX 文件已损坏或不完整，无法读取", "the XLSX file is damaged or incomplete"
        ) from exc
    return sheets


def _fill_merged(rows: list[list[object]], merged: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell, in place."""
    for min_col, min_row, max_col, max_row in merged:
        if min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row - 1, min(max_row, len(rows))):
            row = rows[r]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = value


def _alias_index(spec: DatasetSpec) -> dict[str, str]:
    """Normalised header text -> dataset column name."""
    index: dict[str, str] = {}
    for column in spec.columns:
        for header in column.headers():
            for key in header_keys(header):
                index.setdefault(key, column.name)
    return index


def match_header(row: list[object], spec: DatasetSpec) -> dict[int, str]:
    """File column index -> dataset column for the cells of one row that name a column."""
    aliases = _alias_index(spec)
    found: dict[int, str] = {}
    for j, cell in enumerate(row):
        if cell is None or not str(cell).strip():
            continue
        for key in sorted(header_keys(cell), key=len, reverse=True):
            if key in aliases:
                found[j] = aliases[key]
                break
    return found


def find_header(sheet: Sheet, spec: DatasetSpec) -> HeaderMatch | None:
    """The row among the first ones that names the most dataset columns (title rows skipped)."""
    best: HeaderMatch | None = None
    best_score = 0
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found = match_header(row, spec)
        score = len(set(found.values()))
        if score > best_score:
            labels = {j: str(row[j]).strip() for j in found}
            best, best_score = HeaderMatch(i, found, labels), score
    if best is None or best_score < min(2, len(spec.columns)):
        return None
    return best
