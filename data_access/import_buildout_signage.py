"""Command-line import of buildout and burden-reduction data from CSV/XLSX, all-or-nothing.

Six datasets, each with documented columns (Chinese or English headers): milestones,
departments, community workforce, plaque removals, signage status and observation points.
Every row is checked before anything is written (unknown place or a place of the wrong level,
bad date, negative or non-numeric count, a point outside its county, a key repeated in the
file, missing columns); if any row is rejected nothing is written. Rows are matched on their
natural key, so importing the same file twice changes nothing. Every attempt is logged in
`import_log`. `docs/import_buildout_signage.md` is generated from the specs below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import shapely
from sqlalchemy import Engine, insert, select, tuple_, update

from data_access import models as m
from data_access.demo_observation_points import county_shape

Reason = str
POINT_TOLERANCE_DEGREES = 0.01  # ~1 km: a point this close to its county's border is accepted


@dataclass(frozen=True)
class Field:
    """One column of an import file and the database column it fills."""

    name: str  # database column
    zh: str  # Chinese header (templates)
    en: str  # English header
    kind: str  # place | date | day_or_month | int | float | text | point_kind
    example: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    minimum: float | None = 0
    maximum: float | None = None
    note: str = ""

    def headers(self) -> set[str]:
        """Every header text that names this column, normalised."""
        return {normalise_header(h) for h in (self.zh, self.en, self.name, *self.aliases)}


@dataclass(frozen=True)
class Dataset:
    """An importable dataset: its target table, columns, natural key and place level."""

    key: str
    zh: str
    model: type[m.Base]
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...]
    place_levels: tuple[str, ...] = ()  # city | county_unit | any (empty: no place column)
    keep_blank: bool = False  # a blank optional cell keeps the stored value (else NULL)
    checks: tuple[Callable[[dict], Reason | None], ...] = field(default=())
    example_rows: tuple[tuple[str, ...], ...] = ()

    @property
    def table(self):  # type: ignore[no-untyped-def]
        """The SQLAlchemy table written to."""
        return self.model.__table__


def normalise_header(text: object) -> str:
    """A header as compared: NFKC, lower case, no spaces, brackets' content kept."""
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s_\-*:：]+", "", t)


def _place(levels_note: str) -> Field:
    """The place column: a 6-digit administrative code (or the place's full name)."""
    return Field(
        "adcode",
        "行政区划代码",
        "adcode",
        "place",
        "440103",
        aliases=("地区代码", "区划代码", "地区", "区县", "地市", "place", "行政区划"),
        note=levels_note,
    )


def _not_more(now: str, before: str, label: str) -> Callable[[dict], Reason | None]:
    """A row check: the count now must not exceed the count before."""

    def check(row: dict) -> Reason | None:
        a, b = row.get(now), row.get(before)
        if a is not None and b is not None and a > b:
            return f"{label}：现有数（{a}）大于清理前（{b}）"
        return None

    return check


def _friday(row: dict) -> Reason | None:
    """Plaque removals are reported on Fridays."""
    d = row.get("removed_on")
    if d is not None and d.weekday() != 4:
        return f"填报日期 {d.isoformat()} 不是星期五（每周五填报本周摘牌数）"
    return None


def _inside_county(row: dict) -> Reason | None:
    """An observation point must lie inside (or within ~1 km of) its county's boundary."""
    lon, lat, adcode = row.get("lon"), row.get("lat"), row.get("adcode")
    if None in (lon, lat, adcode):
        return None
    try:
        shape = county_shape(adcode)
    except (OSError, ValueError):
        return None
    if not shape.buffer(POINT_TOLERANCE_DEGREES).contains(shapely.Point(lon, lat)):
        return f"坐标（{lon}, {lat}）不在所填区县 {adcode} 境内"
    return None


MILESTONES = Dataset(
    key="milestones",
    zh="大事记",
    model=m.Milestone,
    natural_key=("happened_on", "title_zh"),
    fields=(
        Field(
            "happened_on",
            "日期",
            "date",
            "day_or_month",
            "2024-05-29",
            aliases=("时间", "发生日期", "happened on"),
            note="具体日期（2024-05-29）或只到月份（2024-05、2024年5月）",
        ),
        Field(
            "title_zh",
            "事件",
            "title",
            "text",
            "全省社会工作会议召开",
            aliases=("事件（中文）", "标题", "内容", "title zh"),
        ),
        Field(
            "title_en",
            "事件（英文）",
            "title (English)",
            "text",
            "Provincial meeting",
            required=False,
            aliases=("英文", "title en"),
        ),
    ),
    example_rows=(
        (
            "2024-12-20",
            "示例：全省社会工作重点任务推进会召开",
            "Example: provincial progress meeting",
        ),
        ("2024年11月", "示例：社区工作者职业体系建设试点启动", ""),
    ),
)

DEPARTMENTS = Dataset(
    key="departments",
    zh="社会工作部门",
    model=m.Department,
    natural_key=("adcode",),
    place_levels=("any",),
    keep_blank=True,
    fields=(
        _place("省、地市或区县的代码"),
        Field(
            "established_on",
            "成立日期",
            "established on",
            "date",
            "2024-03-28",
            required=False,
            aliases=("组建日期", "挂牌日期"),
        ),
        Field(
            "posts_authorised",
            "核定编制",
            "posts authorised",
            "int",
            "15",
            required=False,
            aliases=("编制数", "核定编制数"),
        ),
        Field(
            "posts_filled",
            "实有人员",
            "posts filled",
            "int",
            "13",
            required=False,
            aliases=("实有人数", "在编人数"),
        ),
        Field(
            "observers",
            "社会工作观察员",
            "observers",
            "int",
            "20",
            required=False,
            aliases=("观察员人数", "社会工作观察员人数"),
        ),
    ),
    example_rows=(("440103", "", "16", "15", "22"), ("440100", "", "40", "37", "")),
)

WORKFORCE = Dataset(
    key="workforce",
    zh="社区工作者",
    model=m.CommunityWorkforce,
    natural_key=("adcode", "year"),
    place_levels=("city",),
    fields=(
        _place("地市的代码"),
        Field("year", "年度", "year", "int", "2024", aliases=("年份",), minimum=2000, maximum=2100),
        Field(
            "community_workers",
            "社区工作者人数",
            "community workers",
            "int",
            "28000",
            aliases=("社区工作者",),
        ),
        Field(
            "urban_residents",
            "城镇常住人口",
            "urban residents",
            "int",
            "15800000",
            aliases=("城镇常住人口数",),
            minimum=1,
        ),
    ),
    example_rows=(("440100", "2026", "29876", "16120000"),),
)

PLAQUE_REMOVALS = Dataset(
    key="plaque_removals",
    zh="摘牌数（每周）",
    model=m.PlaqueRemoval,
    natural_key=("adcode", "removed_on"),
    place_levels=("county_unit",),
    checks=(_friday,),
    fields=(
        _place("区县（含东莞市、中山市）的代码"),
        Field(
            "removed_on",
            "填报日期",
            "reported on",
            "date",
            "2025-03-07",
            aliases=("日期", "统计日期", "removed on"),
            note="每周五",
        ),
        Field(
            "plaques_removed",
            "摘除牌子数",
            "plaques removed",
            "int",
            "35",
            aliases=("摘牌数", "摘除数量"),
        ),
    ),
    example_rows=(("440103", "2026-01-02", "12"), ("441900", "2026-01-02", "30")),
)

SIGNAGE_STATUS = Dataset(
    key="signage_status",
    zh="挂牌清理情况（区县）",
    model=m.SignageStatus,
    natural_key=("adcode",),
    place_levels=("county_unit",),
    checks=(
        _not_more("plaque_kinds_now", "plaque_kinds_before", "挂牌类别"),
        _not_more("mechanisms_now", "mechanisms_before", "工作机制"),
    ),
    fields=(
        _place("区县（含东莞市、中山市）的代码"),
        Field("as_of", "统计日期", "as of", "date", "2025-12-31", aliases=("截至日期", "日期")),
        Field("villages", "行政村数", "villages", "int", "120", aliases=("行政村",)),
        Field("communities", "社区数", "communities", "int", "45", aliases=("社区",)),
        Field("plaque_kinds_before", "清理前挂牌类别", "plaque kinds before", "int", "96"),
        Field(
            "plaque_kinds_now",
            "现有挂牌类别",
            "plaque kinds now",
            "int",
            "21",
            aliases=("清理后挂牌类别",),
        ),
        Field("mechanisms_before", "清理前工作机制", "mechanisms before", "int", "25"),
        Field(
            "mechanisms_now",
            "现有工作机制",
            "mechanisms now",
            "int",
            "7",
            aliases=("清理后工作机制",),
        ),
    ),
    example_rows=(("440103", "2025-12-31", "0", "190", "95", "21", "18", "7"),),
)

OBSERVATION_POINTS = Dataset(
    key="observation_points",
    zh="减负观测点",
    model=m.ObservationPoint,
    natural_key=("source_id",),
    place_levels=("county_unit",),
    checks=(
        _inside_county,
        _not_more("plaques_now", "plaques_before", "牌子"),
        _not_more("mechanisms_now", "mechanisms_before", "工作机制"),
    ),
    fields=(
        Field(
            "source_id",
            "编号",
            "id",
            "text",
            "GZ-LW-001",
            aliases=("观测点编号", "source id", "observation id", "point id"),
        ),
        Field(
            "name",
            "名称",
            "name",
            "text",
            "荔湾区某某社区",
            aliases=("观测点名称", "村（社区）名称"),
        ),
        _place("所在区县（含东莞市、中山市）的代码"),
        Field(
            "lon",
            "经度",
            "longitude",
            "float",
            "113.2442",
            aliases=("lon", "lng"),
            minimum=-180,
            maximum=180,
        ),
        Field(
            "lat", "纬度", "latitude", "float", "23.1258", aliases=("lat",), minimum=-90, maximum=90
        ),
        Field(
            "kind", "类型", "kind", "point_kind", "社区", note="村 或 社区（village / community）"
        ),
        Field("established_on", "设立日期", "set up on", "date", "2024-06-01", required=False),
        Field("plaques_before", "清理前牌子数", "plaques before", "int", "36", required=False),
        Field("plaques_now", "现有牌子数", "plaques now", "int", "8", required=False),
        Field(
            "mechanisms_before",
            "清理前工作机制数",
            "mechanisms before",
            "int",
            "20",
            required=False,
        ),
        Field("mechanisms_now", "现有工作机制数", "mechanisms now", "int", "7", required=False),
        Field(
            "note",
            "情况记录",
            "note",
            "text",
            "外墙仅保留规范标识",
            required=False,
            aliases=("备注",),
        ),
    ),
    example_rows=(
        (
            "EX-OBS-001",
            "荔湾区示例社区",
            "440103",
            "113.2442",
            "23.1258",
            "社区",
            "2024-06-01",
            "36",
            "8",
            "20",
            "7",
            "示例：外墙仅保留规范标识",
        ),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        MILESTONES,
        DEPARTMENTS,
        WORKFORCE,
        PLAQUE_REMOVALS,
        SIGNAGE_STATUS,
        OBSERVATION_POINTS,
    )
}


# ---------------------------------------------------------------- reading ---------------------


class FileProblem(Exception):
    """The file as a whole cannot be imported."""


def read_table(data: bytes, file_name: str) -> pd.DataFrame:
    """The first sheet of an XLSX file or a CSV (UTF-8 or GB18030), every cell as text."""
    suffix = Path(file_name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=object, header=None)
        except Exception as exc:  # noqa: BLE001 - any reader error means an unreadable file
            raise FileProblem(f"无法读取 Excel 文件：{exc}") from exc
    elif suffix in (".csv", ".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise FileProblem("无法识别 CSV 文件的编码（请另存为 UTF-8）")
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, header=None, keep_default_na=False, skip_blank_lines=False
        )
    else:
        raise FileProblem(f"不支持的文件类型 {suffix or '（无扩展名）'}：请用 .csv 或 .xlsx")
    frame = frame.dropna(how="all")
    if frame.empty:
        raise FileProblem("文件是空的")
    return frame


# ---------------------------------------------------------------- checking --------------------


@dataclass
class Checked:
    """A checked file: typed rows ready to write, rejected rows with reasons, file problems."""

    dataset: Dataset
    rows: list[dict] = field(default_factory=list)  # each with "_line" (file line number)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reasons)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the whole file may be written."""
        return not self.problems and not self.rejected and bool(self.rows)


def _blank(value: object) -> bool:
    """True for an empty cell."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value).strip() == ""


def _text(value: object) -> str:
    """A cell as clean text (full-width digits and spaces folded)."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value: object) -> dt.date:
    """A date from 2024-03-01, 2024/3/1, 2024年3月1日, 20240301 or an Excel date cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace("年", "-").replace("月", "-").replace("日", "")
    text = text.replace("/", "-").replace(".", "-").split(" ")[0].split("T")[0]
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    m_ = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not m_:
        raise ValueError(f"日期格式不对：{_text(value)}（应为 2024-03-01）")
    try:
        return dt.date(int(m_[1]), int(m_[2]), int(m_[3]))
    except ValueError as exc:
        raise ValueError(f"不存在的日期：{_text(value)}") from exc


def parse_day_or_month(value: object) -> tuple[dt.date, str]:
    """A day (precision "day") or a month such as 2024-05 / 2024年5月 (precision "month")."""
    text = _text(value).replace("年", "-").replace("月", "").replace("/", "-").strip("-")
    m_ = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m_ and not isinstance(value, dt.date):
        month = int(m_[2])
        if not 1 <= month <= 12:
            raise ValueError(f"不存在的月份：{_text(value)}")
        return dt.date(int(m_[1]), month, 1), "month"
    return parse_date(value), "day"


def parse_number(value: object, f: Field) -> float | int:
    """A number within the column's bounds; integers must be whole."""
    text = _text(value).replace(",", "").replace("，", "")
    try:
        number = float(text)
    except ValueError as exc:
        raise ValueError(f"不是数字：{_text(value)}") from exc
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"不是数字：{_text(value)}")
    if f.kind == "int":
        if number != int(number):
            raise ValueError(f"应为整数：{_text(value)}")
        number = int(number)
    if f.minimum is not None and number < f.minimum:
        raise ValueError(
            ("不能为负数" if f.minimum == 0 else f"不能小于 {f.minimum:g}") + f"：{_text(value)}"
        )
    if f.maximum is not None and number > f.maximum:
        raise ValueError(f"不能大于 {f.maximum:g}：{_text(value)}")
    return number


POINT_KINDS = {
    "村": "village",
    "行政村": "village",
    "village": "village",
    "社区": "community",
    "community": "community",
}


@dataclass(frozen=True)
class Places:
    """The region registry as the checks need it."""

    level: dict[str, str]  # adcode → province | city | county
    county_unit: frozenset[str]
    by_name: dict[str, list[str]]

    @classmethod
    def load(cls, engine: Engine) -> Places:
        """Read the region table."""
        with engine.connect() as conn:
            rows = conn.execute(
                select(m.Region.adcode, m.Region.name, m.Region.level, m.Region.is_county_unit)
            ).all()
        by_name: dict[str, list[str]] = {}
        for adcode, name, _level, _unit in rows:
            by_name.setdefault(name, []).append(adcode)
        return cls(
            {a: lv for a, _n, lv, _u in rows},
            frozenset(a for a, _n, _lv, u in rows if u),
            by_name,
        )

    def resolve(self, value: object, allowed: tuple[str, ...]) -> str:
        """The adcode of a cell (code or unique full name), checked against the allowed levels."""
        text = _text(value).removesuffix(".0")
        if re.fullmatch(r"\d{6}", text):
            if text not in self.level:
                raise ValueError(f"未知的行政区划代码：{text}")
            code = text
        else:
            found = self.by_name.get(text, [])
            if len(found) != 1:
                raise ValueError(
                    f"未知的地区：{text}" if not found else f"地区名称不唯一：{text}（请填代码）"
                )
            code = found[0]
        if "county_unit" in allowed and code not in self.county_unit:
            raise ValueError(f"{code} 不是区县（或东莞市、中山市）：本表按区县填报")
        if "city" in allowed and self.level.get(code) != "city":
            raise ValueError(f"{code} 不是地市：本表按地市填报")
        return code


def _match_header(frame: pd.DataFrame, dataset: Dataset) -> tuple[int, dict[int, Field], list[str]]:
    """The header row (within the first 10) and which column holds which field."""
    best: tuple[int, dict[int, Field]] = (-1, {})
    for r in range(min(10, len(frame))):
        found: dict[int, Field] = {}
        for j, cell in enumerate(frame.iloc[r]):
            if _blank(cell):
                continue
            key = normalise_header(cell)
            for f in dataset.fields:
                if key in f.headers() and f not in found.values():
                    found[j] = f
                    break
        if len(found) > len(best[1]):
            best = (r, found)
    row, found = best
    names = {f.name for f in found.values()}
    missing = [f.zh for f in dataset.fields if f.required and f.name not in names]
    return row, found, missing


def _parse(f: Field, value: object, places: Places, dataset: Dataset) -> object:
    """One typed cell value (raises ValueError with a Chinese reason)."""
    if f.kind == "place":
        return places.resolve(value, dataset.place_levels)
    if f.kind == "date":
        return parse_date(value)
    if f.kind == "day_or_month":
        return parse_day_or_month(value)
    if f.kind in ("int", "float"):
        return parse_number(value, f)
    if f.kind == "point_kind":
        kind = POINT_KINDS.get(_text(value).lower())
        if kind is None:
            raise ValueError(f"类型应为“村”或“社区”：{_text(value)}")
        return kind
    text = _text(value)
    if len(text) > 200:
        raise ValueError("超过 200 个字符")
    return text


def check_file(engine: Engine, dataset: Dataset, data: bytes, file_name: str) -> Checked:
    """Read and check every row of a file; write nothing."""
    checked = Checked(dataset)
    try:
        frame = read_table(data, file_name)
    except FileProblem as exc:
        checked.problems.append(str(exc))
        return checked
    header, columns, missing = _match_header(frame, dataset)
    if missing:
        needed = "、".join(f.zh for f in dataset.fields if f.required)
        checked.problems.append(f"缺少必填列：{'、'.join(missing)}（表头须包含：{needed}）")
        return checked
    ignored = [
        str(c) for j, c in enumerate(frame.iloc[header]) if j not in columns and not _blank(c)
    ]
    if ignored:
        checked.notes.append(f"未识别的列已忽略：{'、'.join(ignored)}")
    places = Places.load(engine)
    seen: dict[tuple, list[int]] = {}
    parsed: list[tuple[int, dict, list[str]]] = []
    lines = list(frame.index)
    for pos in range(header + 1, len(frame)):
        cells = frame.iloc[pos]
        line = int(lines[pos]) + 1  # spreadsheet row number
        if all(_blank(c) for c in cells):
            continue
        row: dict = {}
        reasons: list[str] = []
        for j, f in columns.items():
            value = cells.iloc[j] if j < len(cells) else None
            if _blank(value):
                if f.required:
                    reasons.append(f"{f.zh}：缺少必填值")
                continue
            try:
                row[f.name] = _parse(f, value, places, dataset)
            except ValueError as exc:
                reasons.append(f"{f.zh}：{exc}")
        if "happened_on" in row and isinstance(row["happened_on"], tuple):
            row["happened_on"], row["precision"] = row["happened_on"]
        if not reasons:
            for check in dataset.checks:
                reason = check(row)
                if reason:
                    reasons.append(reason)
        if all(k in row for k in dataset.natural_key):
            seen.setdefault(tuple(row[k] for k in dataset.natural_key), []).append(line)
        parsed.append((line, row, reasons))
    for line, row, reasons in parsed:
        key = tuple(row.get(k) for k in dataset.natural_key)
        others = [n for n in seen.get(key, []) if n != line]
        if others:
            same = "+".join(f.zh for f in dataset.fields if f.name in dataset.natural_key)
            reasons.append(f"与第 {'、'.join(map(str, others))} 行重复（{same}相同）")
        if reasons:
            checked.rejected.append((line, "；".join(reasons)))
        else:
            checked.rows.append(row | {"_line": line})
    if not parsed:
        checked.problems.append("表头下面没有数据行")
    return checked


# ---------------------------------------------------------------- writing ---------------------


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (or would do): counts and the messages to print."""

    dataset: str
    written: bool
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected and not self.problems


def _same(a: object, b: object) -> bool:
    """Stored and imported values equal (floats to 6 decimals, dates by value)."""
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and round(float(a), 6) == round(float(b), 6)  # type: ignore[arg-type]
    if isinstance(a, dt.datetime):
        a = a.date()
    if isinstance(b, dt.datetime):
        b = b.date()
    if isinstance(a, str) and isinstance(b, dt.date):
        a = dt.date.fromisoformat(a[:10])
    return a == b


def _values(dataset: Dataset, row: dict, places: dict[str, str]) -> dict:
    """The database values of a row: blank optional cells as NULL (or left out when kept)."""
    out = {k: v for k, v in row.items() if not k.startswith("_")}
    if dataset is DEPARTMENTS:
        out["level"] = places[out["adcode"]]
    if dataset is MILESTONES:
        out.setdefault("precision", "day")
    if not dataset.keep_blank:
        for f in dataset.fields:
            out.setdefault(f.name, None)
    return out


def _log(
    conn,
    dataset: Dataset,
    file_name: str,
    digest: str,
    by: str,
    accepted: int,
    rejected: int,
    note: str,
) -> None:  # type: ignore[no-untyped-def]
    """Write one import-log row."""
    conn.execute(
        insert(m.ImportLog).values(
            dataset=dataset.key,
            file_name=file_name[:255],
            file_hash=digest,
            imported_by=by[:80],
            imported_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            rows_accepted=accepted,
            rows_rejected=rejected,
            note=note,
        )
    )


def import_file(
    engine: Engine,
    dataset_key: str,
    data: bytes,
    file_name: str,
    *,
    imported_by: str,
    dry_run: bool = False,
) -> ImportOutcome:
    """Check a file; when every row passes, upsert it by natural key in one transaction."""
    dataset = DATASETS[dataset_key]
    digest = hashlib.sha256(data).hexdigest()
    checked = check_file(engine, dataset, data, file_name)
    if not checked.ok:
        if not dry_run:
            with engine.begin() as conn:
                note = "; ".join(checked.problems) or f"{len(checked.rejected)} rows rejected"
                _log(
                    conn,
                    dataset,
                    file_name,
                    digest,
                    imported_by,
                    0,
                    len(checked.rejected),
                    f"rejected, nothing written: {note}",
                )
        return ImportOutcome(
            dataset.key,
            False,
            rejected=checked.rejected,
            problems=checked.problems,
            notes=checked.notes,
        )
    table = dataset.table
    key_cols = [table.c[k] for k in dataset.natural_key]
    places = Places.load(engine).level
    inserted = updated = unchanged = 0
    with engine.begin() as conn:
        keys = [tuple(r[k] for k in dataset.natural_key) for r in checked.rows]
        existing: dict[tuple, dict] = {}
        for i in range(0, len(keys), 400):
            chunk = keys[i : i + 400]
            if len(key_cols) > 1:
                stmt = select(table).where(tuple_(*key_cols).in_(chunk))
            else:
                stmt = select(table).where(key_cols[0].in_([k[0] for k in chunk]))
            for found in conn.execute(stmt).mappings():
                existing[tuple(_norm_key(found[k]) for k in dataset.natural_key)] = dict(found)
        new_rows, changes = [], []
        for row, key in zip(checked.rows, keys, strict=True):
            values = _values(dataset, row, places)
            old = existing.get(tuple(_norm_key(k) for k in key))
            if old is None:
                new_rows.append(values)
            elif all(_same(old[c], v) for c, v in values.items()):
                unchanged += 1
            else:
                changes.append((key, values))
        if new_rows and not dry_run:
            names = [f.name for f in dataset.fields] + [
                k for k in new_rows[0] if k in ("level", "precision")
            ]
            conn.execute(insert(table), [{n: r.get(n) for n in names} for r in new_rows])
        for key, values in changes:
            if not dry_run:
                where = [c == v for c, v in zip(key_cols, key, strict=True)]
                conn.execute(update(table).where(*where).values(**values))
        inserted, updated = len(new_rows), len(changes)
        if not dry_run:
            _log(
                conn,
                dataset,
                file_name,
                digest,
                imported_by,
                len(checked.rows),
                0,
                f"inserted {inserted}, updated {updated}, unchanged {unchanged}",
            )
    return ImportOutcome(
        dataset.key, not dry_run, inserted, updated, unchanged, notes=checked.notes
    )


def _norm_key(value: object) -> object:
    """A key part as compared between file and database (dates as dates)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


# ---------------------------------------------------------------- templates and docs ----------


TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "assets" / "templates"
DOC_FILE = Path(__file__).resolve().parent.parent / "docs" / "import_buildout_signage.md"


def template_frame(dataset: Dataset) -> pd.DataFrame:
    """The template of a dataset: Chinese headers and its example rows."""
    return pd.DataFrame(list(dataset.example_rows), columns=[f.zh for f in dataset.fields])


def template_name(dataset: Dataset, suffix: str) -> str:
    """The file name of a dataset's template."""
    return f"组织建设与减负_{dataset.zh}_{dataset.key}.{suffix}".replace("（", "_").replace(
        "）", ""
    )


def write_templates(out: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every dataset's template as CSV (UTF-8 with BOM, opens in Excel) and XLSX."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS.values():
        frame = template_frame(dataset)
        csv = out / template_name(dataset, "csv")
        csv.write_bytes(frame.to_csv(index=False).encode("utf-8-sig"))
        xlsx = out / template_name(dataset, "xlsx")
        with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False, sheet_name=dataset.key)
        written += [csv, xlsx]
    return written


KIND_TEXT = {
    "place": "代码",
    "date": "日期",
    "day_or_month": "日期或月份",
    "int": "整数",
    "float": "小数",
    "text": "文字",
    "point_kind": "村/社区",
}


def columns_markdown() -> str:
    """The documentation of every dataset's columns (docs/import_buildout_signage.md)."""
    lines = [
        "# 组织建设与基层减负数据导入 / Importing buildout and burden-reduction data",
        "",
        "由 `data_access/import_buildout_signage.py` 生成，请勿手工修改。"
        " Generated from the specs in `data_access/import_buildout_signage.py`.",
        "",
        "```bash",
        ".venv/bin/python cli.py import-areas DATASET FILE.xlsx   # 检查并导入（全部或全不）",
        ".venv/bin/python cli.py import-areas DATASET FILE.csv --dry-run   # 只检查，不写入",
        ".venv/bin/python cli.py area-templates --out DIR   # 写出模板（CSV 与 XLSX）",
        "```",
        "",
        "规则：表头可用中文或英文（也接受所列别名）；CSV 用 UTF-8 或 GB18030 编码。"
        "任何一行未通过检查（地区代码不存在或层级不对、日期格式错误、数字为负或不是数字、"
        "文件内重复、缺少必填列、观测点坐标不在所填区县内）时，整个文件不写入，"
        "命令列出每一行的原因并以非零状态退出。按自然键匹配，同一文件导入两次不会改变数据。"
        "每次导入（包括被拒绝的）都记入 `import_log`。",
        "",
        "Rules: Chinese or English headers (or the aliases listed); CSV in UTF-8 or GB18030. "
        "If any row fails a check nothing is written, every reason is printed and the exit code is "
        "non-zero. Rows match on the natural key, so importing a file twice changes nothing. Every "
        "attempt is logged in `import_log`.",
        "",
    ]
    for d in DATASETS.values():
        key = "、".join(f.zh for f in d.fields if f.name in d.natural_key)
        lines += [
            f"## `{d.key}` — {d.zh}",
            "",
            f"写入表 `{d.table.name}`；自然键：{key}；"
            f"模板：`assets/templates/{template_name(d, 'xlsx')}`。"
            + ("空白的可选单元格保留库中原值。" if d.keep_blank else ""),
            "",
            "| 中文表头 | English header | 类型 | 必填 | 说明 / 别名 |",
            "|---|---|---|---|---|",
        ]
        for f in d.fields:
            extra = "；".join(x for x in (f.note, "、".join(f.aliases)) if x)
            required = "是" if f.required else "否"
            lines.append(f"| {f.zh} | {f.en} | {KIND_TEXT[f.kind]} | {required} | {extra} |")
        lines.append("")
    return "\n".join(lines)
