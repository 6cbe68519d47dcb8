"""The session cookie: two small web routes beside Streamlit's, and the page side of them.

A script run cannot set a cookie (it talks to the browser over a WebSocket), so after a
sign-in the page posts the one-time code of the new session to /_session/claim, whose
answer sets the HttpOnly, SameSite=Lax cookie holding the token. Nothing goes in a URL.
Sign-out posts the session's id to /_session/end, which ends that session and deletes the
cookie when the cookie names it (another sign-in of the browser keeps its cookie).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from data_access.database import get_engine
from data_access.sessions import claim, end_session, token_session_id

COOKIE = "sw_session"
CLAIM_PATH = "/_session/claim"
END_PATH = "/_session/end"
PENDING_KEY = "session_cookie_pending"  # ("claim", code) or ("end", session id) to post


def _same_origin(request: Request) -> bool:
    """True when the request comes from a page of this server (no cross-site posts)."""
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    return bool(origin and host and urlsplit(origin).netloc == host)


def _answer(request: Request) -> Response:
    """An empty answer that no cache keeps."""
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


async def _claim(request: Request) -> Response:
    """Trade a sign-in's one-time code for the HttpOnly cookie with its session token."""
    if not _same_origin(request):
        return Response(status_code=403)
    try:
        code = str(json.loads(await request.body()).get("code", ""))
    except (ValueError, AttributeError):
        return Response(status_code=400)
    token = await run_in_threadpool(claim, get_engine(), code)
    if token is None:
        return Response(status_code=403)
    response = _answer(request)
    response.set_cookie(
        COOKIE,
        token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def _end_named(token: str | None, sid: object) -> bool:
    """End session `sid` when the cookie token names it; True then."""
    if not token or not isinstance(sid, int) or token_session_id(get_engine(), token) != sid:
        return False
    end_session(get_engine(), sid)
    return True


async def _end(request: Request) -> Response:
    """End the session the page names and delete the cookie when it names that session."""
    if not _same_origin(request):
        return Response(status_code=403)
    try:
        sid = json.loads(await request.body()).get("session")
    except (ValueError, AttributeError):
        return Response(status_code=400)
    response = _answer(request)
    if await run_in_threadpool(_end_named, request.cookies.get(COOKIE), sid):
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


ROUTES = [Route(CLAIM_PATH, _claim, methods=["POST"]), Route(END_PATH, _end, methods=["POST"])]


def cookie_token() -> str | None:
    """The session token the browser sent when this tab connected (None under AppTest)."""
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no request context
        return None
    return value if isinstance(value, str) and value else None


def set_cookie_later(code: str) -> None:
    """Have this session's page trade the one-time code for the cookie on its next run."""
    st.session_state[PENDING_KEY] = ("claim", code)


def drop_cookie_later(session_id: int) -> None:
    """Have this session's page delete the cookie of session `session_id` on its next run."""
    st.session_state[PENDING_KEY] = ("end", session_id)


def send_pending() -> None:
    """Post the pending claim or sign-out from the page (a hidden script, once)."""
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is None:
        return
    kind, value = pending
    path, body = (
        (CLAIM_PATH, {"code": value}) if kind == "claim" else (END_PATH, {"session": value})
    )
    call = json.dumps(path) + ",{method:'POST',credentials:'same-origin',body:"
    st.html(
        f"<script>fetch({call}{json.dumps(json.dumps(body))}}});</script>",
        unsafe_allow_javascript=True,
        width=1,
    )
