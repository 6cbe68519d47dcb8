"""A simulated dashboard user that speaks Streamlit's websocket protocol (no browser).

One person: connect, sign in through the form, wait for the overview's first chart, open
three other pages, pick another city in the sidebar, each time timing "request sent → first
plotly chart received". Light enough that 50 of them run in one asyncio process.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
STEP_TIMEOUT_S = 120.0
OTHER_PAGES = ("volunteer", "suggestions", "weekly")  # url paths opened after the overview


@dataclass
class Step:
    """One timed request of a person."""

    name: str
    first_chart_s: float | None
    finished_s: float
    error: str = ""


@dataclass
class Person:
    """What one simulated person did and how long each step took."""

    steps: list[Step] = field(default_factory=list)
    error: str = ""
    after_cards: list[str] | None = None  # the overview's figures once the import has landed


@dataclass
class _Run:
    """What one script run sent: widgets by label, pages, charts, exceptions."""

    # label -> (kind, the widget's proto: a TextInput, Button, Selectbox … message)
    widgets: dict[str, tuple[str, Any]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    first_chart_s: float | None = None
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


class Session:
    """One websocket session of the dashboard."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.page_hash = ""
        self.pages: dict[str, str] = {}

    async def rerun(self, widget_states: list | None = None, page: str | None = None) -> _Run:
        """Ask for a script run and read its messages until it has finished."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = ""
        state.page_script_hash = self.pages[page] if page is not None else self.page_hash
        for widget in widget_states or []:
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return await self._read(started)

    async def _read(self, started: float) -> _Run:
        """Messages of the runs this request caused (reruns included) until one finishes."""
        run = _Run()
        deadline = started + STEP_TIMEOUT_S
        while True:
            left = max(deadline - time.perf_counter(), 1)
            raw = await asyncio.wait_for(self.ws.recv(), timeout=left)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                _element(fwd.delta.new_element, run, started)
            elif kind == "navigation":
                run.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                default = [p for p in fwd.navigation.app_pages if p.is_default]
                if default:
                    run.pages[""] = default[0].page_script_hash
                self.pages.update(run.pages)
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_not_found":
                run.exceptions.append("page not found")
            elif kind == "script_finished":
                if fwd.script_finished in FINISHED_OK:
                    return run
                if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.exceptions.append("compile error")
                    return run
                # FINISHED_EARLY_FOR_RERUN: st.rerun(); the next run follows on its own


def _element(el: Element, run: _Run, started: float) -> None:
    """Note what one element tells: a widget, a chart, an exception, a text."""
    kind = el.WhichOneof("type")
    if kind == "plotly_chart" and run.first_chart_s is None:
        run.first_chart_s = time.perf_counter() - started
    elif kind == "exception":
        run.exceptions.append(el.exception.message[:200])
    elif kind in ("text_input", "button", "selectbox", "radio", "segmented_control"):
        widget = getattr(el, kind)
        run.widgets[widget.label] = (kind, widget)
    elif kind == "markdown":
        run.texts.append(el.markdown.body)
    elif kind == "alert":
        run.texts.append(el.alert.body)


def _cards(run: _Run) -> list[str]:
    """The texts of a run that carry figures (cards, captions)."""
    return [t for t in run.texts if any(ch.isdigit() for ch in t)]


async def overview_cards(url: str, username: str, password: str, cookie: str) -> list[str]:
    """Sign in as a new person and return the figures the province overview shows."""
    person = Person()
    ws_url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    async with websockets.connect(
        ws_url,
        subprotocols=[Subprotocol("streamlit")],
        max_size=None,
        open_timeout=60,
        additional_headers={"Cookie": cookie},
    ) as ws:
        session = Session(ws)
        form = await session.rerun()
        states = [
            _text(form.widgets["用户名"][1].id, username),
            _text(form.widgets["密码"][1].id, password),
            _trigger(form.widgets["登录"][1].id),
        ]
        run = await _timed(person, "probe", session.rerun(states))
    if run is None or person.steps[-1].error:
        raise RuntimeError(f"probe of the overview failed: {person.steps[-1].error}")
    return _cards(run)


def _text(widget_id: str, value: str) -> object:
    """A text widget's state."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.string_value = value
    return state


def _trigger(widget_id: str) -> object:
    """A button press."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.trigger_value = True
    return state


async def _timed(person: Person, name: str, call: Awaitable[_Run]) -> _Run | None:
    """Run one step, record its timing or its error."""
    started = time.perf_counter()
    try:
        run = await call
    except Exception as exc:  # noqa: BLE001 - an error of the step, counted
        person.steps.append(Step(name, None, time.perf_counter() - started, repr(exc)[:200]))
        return None
    error = "; ".join(run.exceptions)
    if run.first_chart_s is None and not error:
        error = "no chart"
    person.steps.append(Step(name, run.first_chart_s, time.perf_counter() - started, error))
    return run


async def simulate(
    url: str,
    username: str,
    password: str,
    place_name: str,
    *,
    cookie: str = "",
    after: asyncio.Event | None = None,
    think: float = 0.0,
) -> Person:
    """One person's visit: sign in, overview, three pages, another city on the last one; with
    `after`, wait for it (an import landing) and keep the province overview's figures then."""
    person = Person()
    ws_url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    try:
        async with websockets.connect(
            ws_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=60,
            additional_headers={"Cookie": cookie} if cookie else None,
        ) as ws:
            session = Session(ws)
            form = await session.rerun()
            user = form.widgets.get("用户名")
            pw = form.widgets.get("密码")
            submit = form.widgets.get("登录")
            if not (user and pw and submit):
                person.error = "no sign-in form"
                return person
            states = [
                _text(user[1].id, username),
                _text(pw[1].id, password),
                _trigger(submit[1].id),
            ]
            overview = await _timed(person, "sign in → overview", session.rerun(states))
            if overview is None:
                return person
            last = overview
            for page in OTHER_PAGES:
                await asyncio.sleep(think)  # reading the page before the next click
                run = await _timed(person, page, session.rerun(page=page))
                last = run or last
            city = last.widgets.get("地市")
            if city is None or city[0] != "selectbox":
                person.error = "no city filter"
                return person
            from streamlit.proto.WidgetStates_pb2 import WidgetState

            state = WidgetState(id=city[1].id)
            state.string_value = place_name
            await asyncio.sleep(think)
            run = await _timed(person, "change city", session.rerun([state]))
            if run is not None and not any(place_name in text for text in run.texts):
                person.steps[-1].error = f"{place_name} not shown after the change"
            if after is not None:
                await after.wait()
                province = WidgetState(id=city[1].id)
                province.string_value = city[1].options[0]
                fresh = await _timed(person, "after import", session.rerun([province], ""))
                if fresh is not None:
                    person.after_cards = _cards(fresh)
    except Exception as exc:  # noqa: BLE001 - the visit failed as a whole
        person.error = repr(exc)[:200]
    return person
