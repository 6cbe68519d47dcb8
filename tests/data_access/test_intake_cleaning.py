"""Pure parsing and cleaning of import cells, headers and rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from config import get_settings
from data_access.intake.cleaning import (
    CellError,
    PlaceIndex,
    half_width,
    is_blank,
    map_unique,
    parse_bool,
    parse_date,
    parse_number,
    vocabulary_lookup,
)
from data_access.intake.reading import (
    FileError,
    Sheet,
    check_size,
    decode_text,
    find_header,
    match_header,
)
from data_access.intake.specs import DATASETS, VOLUNTEER_SERVICE, header_keys
from data_access.intake.validation import total_label
from data_access.regions import load_region_registry
from data_access.vocabulary import VOLUNTEER_FIELDS
from ui.intake_sections import md_escape

D = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "value",
    ["2024-03-01", "2024/3/1", "2024年3月1日", "2024.3.1", "20240301", "２０２４－０３－０１",
     "2024-03-01 00:00:00", 45352, 45352.0, "45352", dt.datetime(2024, 3, 1, 8), D,
     pd.Timestamp("2024-03-01"), 20240301],
)  # fmt: skip
def test_dates_in_every_accepted_form(value: object) -> None:
    assert parse_date(value) == D


@pytest.mark.parametrize(
    "value", ["2024-02-30", "2023-02-29", "2024-13-01", "2024/0/5", "yesterday", "1800-01-01", -5,
              "3月1日", float("nan"), True, "2024-03-01x"]
)  # fmt: skip
def test_impossible_or_unreadable_dates_are_refused(value: object) -> None:
    with pytest.raises(CellError) as err:
        parse_date(value)
    assert err.value.zh and err.value.en


def test_leap_day_is_a_date() -> None:
    assert parse_date("2024年2月29日") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("１２,３４５", 12345), ("12，345", 12345), (" 1 234 ", 1234), ("7.0", 7), (7.0, 7), (3, 3),
     ("+5", 5), ("0", 0)],
)  # fmt: skip
def test_whole_numbers_with_separators_and_full_width_digits(value: object, expected: int) -> None:
    assert parse_number(value, integer=True) == expected


@pytest.mark.parametrize("value", ["-1", -3, "abc", "1.5", "1e400", "", "12人", True, "nan"])
def test_bad_counts_are_refused(value: object) -> None:
    with pytest.raises(CellError):
        parse_number(value, integer=True)


def test_amounts_keep_their_decimals() -> None:
    assert parse_number("1,250.5", integer=False) == 1250.5
    assert parse_number("１２３４．５", integer=False) == 1234.5


def test_half_width_and_blanks() -> None:
    assert half_width("ＡＢＣ１２３　") == "ABC123 "
    assert is_blank("\u3000 ") and is_blank(None) and is_blank(float("nan"))
    assert not is_blank(0) and not is_blank("0")


@pytest.mark.parametrize(("value", "expected"), [("是", True), ("否", False), ("Yes", True),
                                                 ("N", False), (1, True), ("√", True)])  # fmt: skip
def test_yes_no(value: object, expected: bool) -> None:
    assert parse_bool(value) is expected


def test_vocabulary_accepts_code_chinese_and_english_names() -> None:
    parse = vocabulary_lookup(VOLUNTEER_FIELDS)
    assert parse("社区服务") == parse("community") == parse("Community") == "community"
    with pytest.raises(CellError):
        parse("<script>alert(1)</script>")


@pytest.fixture(scope="module")
def places() -> PlaceIndex:
    """The place resolver of Guangdong."""
    return PlaceIndex.from_registry(load_region_registry(get_settings().province_adcode))


@pytest.mark.parametrize(
    ("value", "adcode"),
    [("440104", "440104"), (440104, "440104"), (440104.0, "440104"), ("越秀区", "440104"),
     ("广州市越秀区", "440104"), ("广州市 越秀区", "440104"), ("广州/越秀", "440104"),
     ("广东省广州市越秀区", "440104"), ("广州市", "440100"), ("广州", "440100"),
     ("４４０１０４", "440104"), ("东莞市", "441900"), ("广东省", "440000")],
)  # fmt: skip
def test_places_by_code_or_name(places: PlaceIndex, value: object, adcode: str) -> None:
    assert places.resolve(value) == adcode


@pytest.mark.parametrize(
    "value", ["999999", "北京市", "越秀路", "深圳市越秀区", "'; DROP TABLE region; --"]
)
def test_unknown_places_are_refused(places: PlaceIndex, value: object) -> None:
    with pytest.raises(CellError):
        places.resolve(value)


def test_parse_each_distinct_value_once_keeping_types_apart() -> None:
    calls: list[object] = []

    def parse(value: object) -> object:
        calls.append(value)
        return parse_number(value, integer=True)

    values, errors = map_unique([1, "1", 1, True, "x"], parse)
    assert values[:3] == [1, 1, 1] and values[3] is None and errors[3] is not None
    assert calls == [1, "1", True, "x"]


def test_headers_match_chinese_english_and_units() -> None:
    row = ["*地区", "Date", "服务领域", "服务时长(小时)", " 志愿者人数 ", "备注"]
    assert match_header(row, VOLUNTEER_SERVICE) == {
        0: "adcode",
        1: "service_date",
        2: "field",
        3: "hours",
        4: "volunteers",
    }
    assert "服务时长" in header_keys("服务时长（小时）")


def test_header_row_found_below_title_rows() -> None:
    rows = [
        ["2024年志愿服务统计表"],
        [],
        ["填报单位：广州市"],
        ["地区", "日期", "领域", "时长", "人数"],
    ]
    sheet = Sheet("s", rows, [1, 2, 3, 4])
    assert find_header(sheet, VOLUNTEER_SERVICE).row == 3
    assert find_header(Sheet("s", [["a", "b"], [1, 2]], [1, 2]), VOLUNTEER_SERVICE) is None


def test_aliases_are_unambiguous_within_a_dataset() -> None:
    for spec in DATASETS.values():
        owners: dict[str, str] = {}
        for column in spec.columns:
            for header in column.headers():
                for key in header_keys(header):
                    assert owners.setdefault(key, column.name) == column.name, (spec.key, key)


@pytest.mark.parametrize(
    ("row", "word"),
    [(["合计", None, 10], "合计"), (["总 计", "", 3], "总计"), ([None, "全省合计", 5], "全省合计"),
     (["Total", 1], "total"), (["广州市", "小计", 4], "小计"),
     (["越秀区", "2024-03-01", "合计协会"], None), (["越秀区", 3, "合计"], None)],
)  # fmt: skip
def test_total_rows(row: list[object], word: str | None) -> None:
    assert total_label(row) == word


def test_encodings() -> None:
    text = "地区,日期\n越秀区,2024-03-01\n"
    assert decode_text(text.encode("utf-8"))[1] == "utf-8-sig"
    assert decode_text(text.encode("utf-8-sig")) == (text, "utf-8-sig")
    assert decode_text(text.encode("gbk")) == (text, "gbk")
    assert decode_text(text.encode("utf-16")) == (text, "utf-16")
    with pytest.raises(FileError):
        decode_text(bytes(range(256)) * 50)


def test_size_limit() -> None:
    check_size(50 * 1024 * 1024 - 1, 50)
    with pytest.raises(FileError) as err:
        check_size(50 * 1024 * 1024, 50)
    assert "50 MB" in err.value.zh


def test_markdown_escape_shows_text_literally() -> None:
    escaped = md_escape("<script>alert(1)</script> [x](http://e.vil) **b** :red[x]")
    assert "\\<script\\>" in escaped and "\\[x\\]\\(http" in escaped and "\\*\\*b" in escaped
