"""The shared engine and first-start preparation: schema upgrade and demo data on empty."""

from __future__ import annotations

import logging
import threading

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


class FirstStart:
    """The demo load of a first start, running in the background while the sign-in form shows."""

    def __init__(self, engine: Engine, province_adcode: str) -> None:
        self.error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(engine, province_adcode), name="demo-first-start", daemon=True
        )
        self._thread.start()

    def _run(self, engine: Engine, province_adcode: str) -> None:
        """Load the demo and its accounts in one go; keep a failure for whoever waits."""
        try:
            load_demo(engine, province_adcode)
            ensure_demo_accounts(engine)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting session
            log.exception("loading the demo data failed")
            self.error = exc

    def running(self) -> bool:
        """Whether the load is still under way."""
        return self._thread.is_alive()

    def wait(self) -> None:
        """Block until the load has finished; raise its error if it failed."""
        self._thread.join()
        if self.error is not None:
            raise RuntimeError("loading the demo data failed") from self.error


_first_starts: dict[str, FirstStart] = {}


def prepare_database(engine: Engine, settings: Settings, *, background: bool = False) -> None:
    """Upgrade the schema, write the province's places, and load the demo data into a
    database that holds no data yet (unless DEMO_ON_EMPTY=0); with background=True the demo
    loads in a thread (one transaction: readers see nothing or all of it)."""
    upgrade_schema(engine)
    sync_limits(engine, settings.acceptance_limit_days, settings.conclusion_limit_days)
    fill_places(engine, settings.province_adcode)
    if settings.demo_on_empty and holds_no_data(engine):
        log.info("empty database: loading demo data")
        if background:
            _first_starts[_url(engine)] = FirstStart(engine, settings.province_adcode)
            return
        load_demo(engine, settings.province_adcode)
    if dataset_info(engine).get("demo") == "1":
        ensure_demo_accounts(engine)


def _url(engine: Engine) -> str:
    """The engine's identity for the first-start registry."""
    return engine.url.render_as_string(hide_password=False)


def first_start_running(engine: Engine) -> bool:
    """Whether this process is still loading the demo data of a first start."""
    job = _first_starts.get(_url(engine))
    return job is not None and job.running()


def wait_for_first_start(engine: Engine) -> None:
    """Block until a first start's demo load has finished (at once when there is none)."""
    job = _first_starts.get(_url(engine))
    if job is not None:
        job.wait()


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    """The process-wide engine, prepared on first use (a first start's demo data loads in the
    background: see wait_for_first_start)."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    prepare_database(engine, settings, background=True)
    return engine


def dataset_info(engine: Engine) -> dict[str, str]:
    """Key facts about the loaded data (demo flag, data-as-of date, reference year)."""
    with engine.connect() as conn:
        rows = conn.execute(select(DatasetInfo.key, DatasetInfo.value)).all()
    return dict(rows)
