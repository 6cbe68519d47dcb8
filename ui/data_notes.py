"""Sections of the data notes page: what is loaded, the definitions, the load history."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from config import get_settings
from data_access.intake.history import import_history
from data_access.intake.specs import DATASETS
from services.briefing import DEFINITION_KEYS  # the same definitions as the briefing pack
from ui.i18n import language, t


def dataset_section(facts: dict) -> None:
    """Whether demo data is loaded and which dates it covers."""
    st.subheader(t("notes.dataset"))
    st.write(t("notes.demo_yes") if facts.get("demo") else t("notes.demo_no"))
    st.write(
        t(
            "notes.range",
            first=facts.get("first_day"),
            last=facts.get("last_day"),
            as_of=facts.get("data_as_of"),
        )
    )


def definitions_section() -> None:
    """How each headline figure is counted."""
    st.subheader(t("notes.definitions"))
    limits = get_settings()
    for key in DEFINITION_KEYS:
        text = t(key, accept=limits.acceptance_limit_days, conclude=limits.conclusion_limit_days)
        st.markdown(f"- {text}")


def imports_section(engine: Engine, scope_adcode: str | None) -> None:
    """The latest loads into the database that the user's scope covers."""
    st.subheader(t("notes.imports"))
    history = import_history(engine, limit=50, scope_adcode=scope_adcode)
    if history.empty:
        st.info(t("empty"))
        return
    lang = language()
    history["dataset"] = history["dataset"].map(
        lambda k: (DATASETS[k].zh if lang == "zh" else DATASETS[k].en) if k in DATASETS else k
    )
    history["status"] = history["status"].map(
        lambda s: t(f"intake.status.{s}") if isinstance(s, str) else "—"
    )
    shown = history[["imported_at", "dataset", "file_name", "imported_by", "status",
                     "rows_inserted", "rows_updated", "rows_rejected"]]  # fmt: skip
    columns = {c: t(f"intake.h.{c}") for c in shown.columns}
    st.dataframe(shown.rename(columns=columns), hide_index=True, width="stretch")
