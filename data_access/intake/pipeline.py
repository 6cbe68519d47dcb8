"""The import of one file: read, clean, check (nothing written), then commit all-or-nothing."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from config import _get
from data_access.data_version import note_local_write
from data_access.intake.cleaning import places_within
from data_access.intake.columns import DatasetSpec
from data_access.intake.gc_pause import gc_paused
from data_access.intake.phases import phase
from data_access.intake.reading import FileError, check_size, read_sheets
from data_access.intake.record_writing import write_volunteer_records
from data_access.intake.records import RECORD_DATASETS, prepare_records
from data_access.intake.specs import DATASETS
from data_access.intake.stored import (
    latest_allowed_day,
    regions_frame,
    stored_children,
    stored_rows,
)
from data_access.intake.validation import (
    REASON_LABEL,
    ROW,
    ROW_LABEL,
    SHEET,
    SHEET_LABEL,
    Checked,
    Context,
    Places,
    SheetOutcome,
    check_parts,
)
from data_access.intake.workbook import lay_out
from data_access.intake.writing import (
    ChangedSinceCheck,
    Progress,
    log_attempt,
    now,
    record_places,
    write_records,
)

log = logging.getLogger(__name__)
Reason = tuple[str, str]


def max_upload_mb() -> float:
    """The largest file accepted, in MB ($MAX_UPLOAD_MB; Streamlit's own limit is 50)."""
    return float(_get("MAX_UPLOAD_MB", "50"))


@dataclass
class Prepared:
    """A checked file, ready to commit: nothing has been written yet."""

    spec: DatasetSpec
    file_name: str
    file_hash: str
    size: int
    checked: Checked | None = None
    file_errors: list[Reason] = field(default_factory=list)
    sheet: str | None = None
    encoding: str | None = None
    header_row: int | None = None
    scope_adcode: str | None = None

    @property
    def sheets(self) -> list[SheetOutcome]:
        """What became of each worksheet (a CSV is one sheet)."""
        return [] if self.checked is None else self.checked.sheets

    @property
    def accepted(self) -> int:
        """Rows that passed every check."""
        return 0 if self.checked is None else len(self.checked.valid)

    @property
    def rejected(self) -> int:
        """Rows refused, with a reason each."""
        return 0 if self.checked is None else len(self.checked.rejected)

    @property
    def skipped(self) -> int:
        """Rows left out on purpose (total rows and what follows them)."""
        return 0 if self.checked is None else len(self.checked.skipped)

    @property
    def readable(self) -> bool:
        """True when the file was read and its columns found."""
        return not self.file_errors and self.checked is not None

    @property
    def clean(self) -> bool:
        """True when the whole file can be committed as it is."""
        return self.readable and self.rejected == 0 and self.accepted > 0


@dataclass(frozen=True)
class ImportResult:
    """The outcome of a commit: status, the log entry and the row counts."""

    status: str  # committed | partial | unchanged | rejected | failed
    import_id: int | None
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    revision_of: int | None = None
    message: Reason = ("", "")

    @property
    def ok(self) -> bool:
        """True when the file's rows are in the database."""
        return self.status in ("committed", "partial", "unchanged")


@gc_paused()
def prepare_import(
    engine: Engine,
    dataset: str,
    file_name: str,
    data: bytes,
    *,
    max_mb: float | None = None,
    scope_adcode: str | None = None,
) -> Prepared:
    """Read and check a file against a dataset; report every problem, write nothing.

    With scope_adcode (a city- or county-scoped user) rows of places outside it are rejected.
    """
    spec = DATASETS[dataset]
    prepared = Prepared(spec, file_name, hashlib.sha256(data).hexdigest(), len(data))
    prepared.scope_adcode = scope_adcode
    try:
        check_size(len(data), max_mb if max_mb is not None else max_upload_mb())
        registry = regions_frame(engine)
        if registry.empty:
            raise FileError(
                "地区表是空的：请先运行 python cli.py upgrade（会写入本省的全部地区）",
                "the region table is empty: run python cli.py upgrade first",
            )
        if spec.key in RECORD_DATASETS:  # a million rows: checked column by column
            return prepare_records(engine, prepared, data, scope_adcode)  # type: ignore[no-any-return]  # untyped: typing it would import pipeline back
        with phase("read"):
            layout = lay_out(read_sheets(data, file_name), spec)
        context = Context(
            places=Places.from_registry(registry),
            allowed=places_within(registry, scope_adcode),
            latest_day=latest_allowed_day(),
            stored=lambda keys: stored_rows(engine, spec, keys),
            stored_children=lambda probe: stored_children(engine, spec, probe, registry),
        )
        with phase("check"):
            checked = check_parts(layout.parts, spec, context)
        checked.skipped = sorted(layout.skipped + checked.skipped)
        checked.notes = layout.notes + checked.notes
        checked.sheets = layout.sheets
        first = layout.parts[0]
        prepared.sheet = "、".join(p.sheet.name for p in layout.parts)
        prepared.encoding = first.sheet.encoding
        prepared.header_row = first.sheet.numbers[first.header.row]
        prepared.checked = checked
        prepared.file_errors = list(checked.file_errors)
    except FileError as exc:
        prepared.file_errors = [(exc.zh, exc.en)]
    except Exception:  # noqa: BLE001 - the user gets a short message, the log the details
        log.exception("could not read %r for %s", file_name, dataset)
        prepared.file_errors = [("文件无法读取", "the file could not be read")]
    return prepared


def _entry(
    prepared: Prepared, imported_by: str, accepted: int, rejected: int, note: str
) -> dict[str, Any]:
    """The import-log row of this file."""
    return {
        "dataset": prepared.spec.key,
        "file_name": prepared.file_name[:255],
        "file_hash": prepared.file_hash,
        "imported_by": imported_by[:80],
        "imported_at": now(),
        "rows_accepted": accepted,
        "rows_rejected": rejected,
        "note": note,
        "scope_adcode": prepared.scope_adcode,
    }


@gc_paused()
def commit_import(
    engine: Engine,
    prepared: Prepared,
    *,
    imported_by: str,
    partial: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Commit a checked file in one transaction: all of it, or (partial) just its valid rows."""
    checked = prepared.checked
    import_id: int | None
    if not prepared.readable or checked is None:
        zh, en = prepared.file_errors[0] if prepared.file_errors else ("文件无法读取", "unreadable")
        import_id = log_attempt(engine, _entry(prepared, imported_by, 0, 0, en), "rejected", 0)
        return ImportResult("rejected", import_id, message=(zh, en))
    if prepared.rejected and not partial:
        zh = (
            f"有 {prepared.rejected} 行未通过检查，整个文件未导入"
            "（可下载被拒绝的行，改正后重新导入）"
        )
        en = (
            f"{prepared.rejected} rows failed the checks, so nothing was imported "
            "(download the rejected rows, correct them and import again)"
        )
        import_id = log_attempt(
            engine,
            _entry(prepared, imported_by, 0, prepared.rejected, en),
            "rejected",
            prepared.skipped,
        )
        return ImportResult(
            "rejected",
            import_id,
            rejected=prepared.rejected,
            skipped=prepared.skipped,
            message=(zh, en),
        )
    if prepared.accepted == 0:
        zh, en = "文件中没有可导入的数据行", "the file has no rows to import"
        import_id = log_attempt(engine, _entry(prepared, imported_by, 0, 0, en), "rejected", 0)
        return ImportResult("rejected", import_id, skipped=prepared.skipped, message=(zh, en))
    note = "partial: valid rows only" if prepared.rejected else ""
    entry = _entry(prepared, imported_by, prepared.accepted, prepared.rejected, note)
    try:
        write = write_volunteer_records if prepared.spec.key in RECORD_DATASETS else write_records
        with phase("write"):
            done = write(
                engine,
                prepared.spec,
                checked.valid.drop(columns=[c for c in (ROW, SHEET) if c in checked.valid]),
                entry,
                skipped=prepared.skipped,
                partial=bool(prepared.rejected),
                progress=progress,
            )
    except ChangedSinceCheck as exc:
        zh, en = (
            f"检查之后库中数据已被改动（{exc.zh}），本文件未导入；请重新上传检查",
            f"the stored data changed after the check ({exc.en}); nothing was imported, "
            "upload the file again",
        )
        import_id = log_attempt(engine, entry | {"note": en}, "rejected", 0)
        return ImportResult("rejected", import_id, message=(zh, en))
    except Exception:  # noqa: BLE001 - rolled back; the user gets a short message
        log.exception("import of %r into %s failed", prepared.file_name, prepared.spec.key)
        zh, en = (
            "写入数据库时出错，数据未改变（详情见服务器日志）",
            "writing failed; no data changed",
        )
        try:
            import_id = log_attempt(engine, entry | {"note": en}, "failed", 0)
        except Exception:  # noqa: BLE001 - the database may be down altogether
            import_id = None
        return ImportResult("failed", import_id, message=(zh, en))
    if prepared.spec.key in RECORD_DATASETS and done.status != "unchanged":
        with phase("write"), engine.begin() as conn:  # the record writer's own transaction
            record_places(conn, done.import_id, checked.valid["adcode"])
    note_local_write()  # after the commit: a read during the write memoised the old version
    if done.status == "unchanged":
        message = ("数据与库中一致，没有变化", "the data matches the database; nothing changed")
    else:
        message = (
            f"已导入：新增 {done.inserted} 行，更新 {done.updated} 行，未变 {done.unchanged} 行",
            f"imported: {done.inserted} new, {done.updated} updated, {done.unchanged} unchanged",
        )
    return ImportResult(
        done.status,
        done.import_id,
        inserted=done.inserted,
        updated=done.updated,
        unchanged=done.unchanged,
        rejected=prepared.rejected,
        skipped=prepared.skipped,
        revision_of=done.revision_of,
        message=message,
    )


def import_file(
    engine: Engine,
    dataset: str,
    file_name: str,
    data: bytes,
    *,
    imported_by: str,
    partial: bool = False,
    progress: Progress | None = None,
) -> tuple[Prepared, ImportResult]:
    """Check and commit a file in one call (command line and tests)."""
    prepared = prepare_import(engine, dataset, file_name, data)
    return prepared, commit_import(
        engine, prepared, imported_by=imported_by, partial=partial, progress=progress
    )


def rejected_rows(prepared: Prepared, lang: str = "zh") -> pd.DataFrame:
    """The rejected rows as the file had them, with the row number and a reason column."""
    if prepared.checked is None or prepared.checked.rejected.empty:
        return pd.DataFrame()
    i = 0 if lang == "zh" else 1
    table = prepared.checked.rejected.drop(columns=[REASON_LABEL[1 - i]])
    return table.rename(columns={ROW_LABEL[0]: ROW_LABEL[i], SHEET_LABEL[0]: SHEET_LABEL[i]})


def skipped_rows(prepared: Prepared, lang: str = "zh") -> pd.DataFrame:
    """The rows skipped on purpose, with the reason."""
    if prepared.checked is None:
        return pd.DataFrame()
    i = 0 if lang == "zh" else 1
    return pd.DataFrame(
        [(n, zh if i == 0 else en) for n, zh, en in prepared.checked.skipped],
        columns=[ROW_LABEL[i], REASON_LABEL[i]],
    )
