"""The shared engine and first-start preparation: schema upgrade and demo data on empty."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy import Engine, select

from config import Settings, get_settings
from data_access.accounts import ensure_demo_accounts
from data_access.demo_data import load_demo
from data_access.engine import make_engine
from data_access.models import DatasetInfo
from data_access.places import fill_places, holds_no_data
from data_access.schema import upgrade_schema
from data_access.suggestion_rollups import sync_limits

log = logging.getLogger(__name__)


def prepare_database(engine: Engine, settings: Settings) -> None:
    """Upgrade the schema, write the province's places, and load the demo data into a
    database that holds no data yet (unless DEMO_ON_EMPTY=0)."""
    upgrade_schema(engine)
    sync_limits(engine, settings.acceptance_limit_days, settings.conclusion_limit_days)
    fill_places(engine, settings.province_adcode)
    if settings.demo_on_empty and holds_no_data(engine):
        log.info("empty database: loading demo data")
        load_demo(engine, settings.province_adcode)
    if dataset_info(engine).get("demo") == "1":
        ensure_demo_accounts(engine)


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    """The process-wide engine, prepared on first use."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    prepare_database(engine, settings)
    return engine


def dataset_info(engine: Engine) -> dict[str, str]:
    """Key facts about the loaded data (demo flag, data-as-of date, reference year)."""
    with engine.connect() as conn:
        rows = conn.execute(select(DatasetInfo.key, DatasetInfo.value)).all()
    return dict(rows)
