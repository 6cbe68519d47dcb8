"""Sections of the data-import page: dataset and template, upload and check, commit, history."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.export import MIME_TYPES
from data_access.intake.columns import DatasetSpec
from data_access.intake.history import import_history, undoable_files
from data_access.intake.pipeline import (
    ImportResult,
    Prepared,
    commit_import,
    max_upload_mb,
    prepare_import,
    rejected_rows,
    skipped_rows,
)
from data_access.intake.specs import DATASETS
from data_access.intake.undo import UndoError, undo_last_import
from services.intake_files import (
    RULES,
    columns_table,
    rejected_bytes,
    rejected_name,
    template_bytes,
    template_name,
)
from services.intake_preview import preview_frame
from ui.i18n import language, t
from ui.markdown import md_escape

PREPARED_KEY = "intake_prepared"
RESULT_KEY = "intake_result"
PREVIEW_ROWS = 20


def _pick(pair: tuple[str, str]) -> str:
    """The Chinese or English half of a (zh, en) message."""
    return pair[0] if language() == "zh" else pair[1]


def dataset_section() -> DatasetSpec:
    """Choose the dataset; see its columns; download its templates."""
    st.subheader(t("intake.step.dataset"))
    st.caption(t("intake.intro"))
    key = st.selectbox(
        t("intake.dataset"),
        list(DATASETS),
        format_func=lambda k: DATASETS[k].zh if language() == "zh" else DATASETS[k].en,
        key="intake_dataset",
    )
    spec = DATASETS[key]
    lang = language()
    if spec.note[0]:
        st.caption(_pick(spec.note))
    st.dataframe(columns_table(spec, lang), hide_index=True, width="stretch")
    with st.expander(t("intake.rules_title"), icon=":material/rule:"):
        for i, rule in enumerate(RULES, start=1):
            st.markdown(f"{i}. {md_escape(_pick(rule))}")
    left, right, _ = st.columns([1, 1, 2])
    for column, fmt in ((left, "xlsx"), (right, "csv")):
        with column:
            st.download_button(
                t(f"intake.template_{fmt}"),
                data=template_bytes(spec, fmt),
                file_name=template_name(spec, fmt),
                mime=MIME_TYPES[fmt],
                icon=":material/download:",
                key=f"intake_template_{fmt}",
                on_click="ignore",
            )
    st.caption(t("intake.accepts"))
    return spec


def upload_section(
    engine: Engine, spec: DatasetSpec, scope_adcode: str | None = None
) -> Prepared | None:
    """The file uploader; a new file is read and checked once (nothing is written)."""
    st.subheader(t("intake.step.upload"))
    limit = max_upload_mb()
    upload = st.file_uploader(
        t("intake.upload", mb=f"{limit:g}"),
        type=["csv", "xlsx", "xlsm"],
        key=f"intake_file_{spec.key}",
    )
    if upload is None:
        return None
    if upload.size >= limit * 1024 * 1024:
        st.error(t("intake.too_large", size=f"{upload.size / 1024 / 1024:.1f}", mb=f"{limit:g}"))
        return None
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    prepared = st.session_state.get(PREPARED_KEY)
    if not (
        isinstance(prepared, Prepared)
        and prepared.file_hash == digest
        and prepared.spec.key == spec.key
        and prepared.file_name == upload.name
    ):
        with st.spinner(t("intake.checking")):
            prepared = prepare_import(
                engine, spec.key, upload.name, data, scope_adcode=scope_adcode
            )
        st.session_state[PREPARED_KEY] = prepared
        st.session_state.pop(RESULT_KEY, None)
    return prepared


def _file_line(prepared: Prepared) -> str:
    """File name and where the table was found, as plain text."""
    parts = [t("intake.file_line") + prepared.file_name]
    if len([s for s in prepared.sheets if s.status == "read"]) > 1:
        parts.append(t("intake.read_sheets", sheets=prepared.sheet))
    elif prepared.header_row is not None and prepared.encoding is None:
        parts.append(t("intake.read_from", sheet=prepared.sheet, row=prepared.header_row))
    elif prepared.header_row is not None:
        parts.append(t("intake.header_row", row=prepared.header_row))
    if prepared.encoding:
        parts.append(t("intake.encoding", encoding=prepared.encoding))
    return " · ".join(parts)


def preview_section(prepared: Prepared, place_names: dict[str, str] | None = None) -> None:
    """Counts, sheets, notes, rejected rows with their download, and the first valid rows."""
    place_names = place_names or {}
    st.text(_file_line(prepared))
    if prepared.file_errors:
        for error in prepared.file_errors:
            st.error(t("intake.file_error") + md_escape(_pick(error)), icon=":material/block:")
        return
    checked = prepared.checked
    new = checked.new_rows if checked is not None else 0
    cards = (
        (t("intake.accepted"), prepared.accepted, t("intake.new_and_updated", new=f"{new:,}",
                                                     updated=f"{prepared.accepted - new:,}")),
        (t("intake.rejected"), prepared.rejected, None),
        (t("intake.skipped"), prepared.skipped, None),
    )  # fmt: skip
    for column, (label, value, help_text) in zip(st.columns(3), cards, strict=True):
        with column:
            st.metric(label, f"{value:,} {t('intake.unit.rows')}", help=help_text)
    if prepared.accepted:
        st.caption(
            t("intake.new_and_updated", new=f"{new:,}", updated=f"{prepared.accepted - new:,}")
        )
    sheets_section(prepared)
    if checked is not None and checked.notes:
        st.markdown(f"**{t('intake.notes')}**")
        for note in checked.notes:
            st.warning(md_escape(_pick(note)), icon=":material/visibility:")
    lang = language()
    if prepared.skipped:
        st.markdown(f"**{t('intake.skipped_title')}**")
        st.dataframe(skipped_rows(prepared, lang), hide_index=True, width="stretch")
    if prepared.rejected:
        st.markdown(f"**{t('intake.rejected_title')}**")
        height = min(400, 35 * (prepared.rejected + 1) + 3)
        st.dataframe(rejected_rows(prepared, lang), hide_index=True, width="stretch", height=height)
        left, right, _ = st.columns([1, 1, 2])
        for column, fmt in ((left, "csv"), (right, "xlsx")):
            with column:
                st.download_button(
                    t(f"intake.rejected_{fmt}"),
                    data=rejected_bytes(prepared, fmt, lang),
                    file_name=rejected_name(prepared, fmt),
                    mime=MIME_TYPES[fmt],
                    icon=":material/download:",
                    key=f"intake_rejected_{fmt}",
                    on_click="ignore",
                )
    if checked is not None and prepared.accepted:
        st.markdown(f"**{t('intake.valid_preview', n=PREVIEW_ROWS)}**")
        shown = preview_frame(prepared, place_names, lang, PREVIEW_ROWS)
        st.dataframe(shown, hide_index=True, width="stretch")
        st.caption(t("intake.keep_hint"))


SHEET_STATUS_KEYS = ("read", "instructions", "summary", "empty", "no_header", "refused")


def sheets_section(prepared: Prepared) -> None:
    """What became of each worksheet, when the file has more than one or skipped any."""
    sheets = prepared.sheets
    if not sheets or (len(sheets) == 1 and sheets[0].status == "read"):
        return
    st.markdown(f"**{t('intake.sheets_title')}**")
    lang = language()
    rows = [
        {
            t("intake.h.sheet"): s.name + (t("intake.hidden_mark") if s.hidden else ""),
            t("intake.h.status"): t(f"intake.sheet.{s.status}"),
            t("intake.h.rows"): s.rows if s.status == "read" else "",
            t("intake.h.reason"): (s.reason[0] if lang == "zh" else s.reason[1]),
        }
        for s in sheets
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def _show_result(result: ImportResult) -> None:
    """The outcome of a commit."""
    if result.status == "unchanged":
        st.info(t("intake.result_unchanged", id=result.import_id))
    elif result.ok:
        st.success(
            t(
                "intake.result_ok",
                id=result.import_id,
                inserted=f"{result.inserted:,}",
                updated=f"{result.updated:,}",
                unchanged=f"{result.unchanged:,}",
            )
        )
        if result.revision_of:
            st.info(t("intake.result_revision", id=result.revision_of))
    elif result.status == "failed":
        st.error(t("intake.result_failed"))
    else:
        st.error(t("intake.result_rejected") + md_escape(_pick(result.message)))


def commit_section(engine: Engine, prepared: Prepared, username: str) -> None:
    """The explicit commit: all or nothing by default, valid rows only when ticked."""
    if not prepared.readable or prepared.accepted == 0:
        return
    st.subheader(t("intake.step.commit"))
    done = st.session_state.get(RESULT_KEY)
    if isinstance(done, tuple) and done[0] == prepared.file_hash:
        _show_result(done[1])
        return
    partial = False
    if prepared.rejected:
        partial = st.checkbox(
            t("intake.partial"),
            key="intake_partial",
            help=t("intake.partial_help", n=prepared.accepted),
        )
        if not partial:
            st.warning(t("intake.all_or_nothing"))
    rows = prepared.accepted if (partial or not prepared.rejected) else 0
    clicked = st.button(
        t("intake.commit", n=f"{rows:,}"),
        type="primary",
        disabled=rows == 0,
        key="intake_commit",
        icon=":material/upload:",
    )
    if not clicked:
        return
    bar = st.progress(0.0, text=t("intake.writing"))

    def progress(done_rows: int, total: int) -> None:
        bar.progress(done_rows / total if total else 1.0, text=t("intake.writing"))

    result = commit_import(
        engine, prepared, imported_by=username, partial=partial, progress=progress
    )
    bar.empty()
    st.session_state[RESULT_KEY] = (prepared.file_hash, result)
    _show_result(result)


def history_frame(history: pd.DataFrame) -> pd.DataFrame:
    """The import history with readable statuses and localised headers."""
    shown = history.copy()
    shown["status"] = shown["status"].map(lambda s: t(f"intake.status.{s}"))
    shown["file_hash"] = shown["file_hash"].str[:12]
    shown["revision_of"] = shown["revision_of"].astype("Int64")
    shown["undone_by"] = shown["undone_by"].fillna("")
    return shown.rename(columns={c: t(f"intake.h.{c}") for c in shown.columns})


def history_section(
    engine: Engine,
    spec: DatasetSpec,
    username: str,
    is_admin: bool,
    scope_adcode: str | None = None,
) -> None:
    """The dataset's import history in the user's scope; administrators can undo the last
    import of a file."""
    st.subheader(t("intake.step.history"))
    history = import_history(engine, spec.key, scope_adcode=scope_adcode).drop(columns=["dataset"])
    if history.empty:
        st.info(t("intake.history_empty"))
    else:
        st.dataframe(history_frame(history), hide_index=True, width="stretch")
    if not is_admin:
        return
    with st.expander(t("intake.undo_title"), icon=":material/undo:"):
        files = undoable_files(engine, spec.key, scope_adcode)
        if not files:
            st.caption(t("intake.undo_none"))
            return
        file_name = st.selectbox(t("intake.undo_file"), files, key="intake_undo_file")
        if st.button(t("intake.undo_button"), key="intake_undo", icon=":material/undo:"):
            try:
                done = undo_last_import(engine, file_name, undone_by=username, dataset=spec.key)
            except UndoError as exc:
                st.error(t("intake.undo_failed") + md_escape(_pick((exc.zh, exc.en))))
                return
            st.session_state.pop(RESULT_KEY, None)
            st.success(
                t("intake.undone", id=done.import_id, restored=done.restored, deleted=done.deleted)
            )
