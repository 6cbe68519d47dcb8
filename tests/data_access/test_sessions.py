"""Server-side sessions on SQLite and PostgreSQL: hashes only, one-time codes, idle expiry,
and every session of a user ending at once on sign-out everywhere and account changes."""

import datetime as dt
import uuid

from sqlalchemy import Engine, select, update

from data_access import accounts, sessions
from data_access.models import UserSession
from data_access.security_log import read_events

GOOD = "Session-pass-9"
IDLE = 30


def _user(engine: Engine, role: str = "viewer") -> str:
    """A new account of its own for one test."""
    name = f"ss_{uuid.uuid4().hex[:8]}"
    accounts.create_user(engine, name, GOOD, role, by="test_admin")
    return name


def _signed_in(engine: Engine, name: str) -> tuple[int, str]:
    """A session whose browser has traded its code for the cookie token: (id, token)."""
    sid, code = sessions.start_session(engine, name, IDLE, "127.0.0.1")
    token = sessions.claim(engine, code)
    assert token is not None
    return sid, token


def _move(engine: Engine, sid: int, **values: object) -> None:
    """Set columns of a session row (to put its times in the past)."""
    with engine.begin() as conn:
        conn.execute(update(UserSession).where(UserSession.id == sid).values(**values))


def test_a_cookie_token_names_its_user_and_only_hashes_are_stored(engine: Engine) -> None:
    name = _user(engine)
    sid, code = sessions.start_session(engine, name, IDLE)
    token = sessions.claim(engine, code)
    assert token and sessions.session_by_token(engine, token, IDLE) == sessions.Session(sid, name)
    with engine.connect() as conn:
        row = conn.execute(
            select(*UserSession.__table__.columns).where(UserSession.id == sid)
        ).one()
    stored = " ".join(str(v) for v in row._mapping.values())
    assert token not in stored and code not in stored
    assert row.token_hash == sessions.digest(token) and row.claim_hash is None
    assert sessions.session_by_token(engine, "not-a-token", IDLE) is None


def test_a_one_time_code_works_once_and_only_for_seconds(engine: Engine) -> None:
    name = _user(engine)
    _, code = sessions.start_session(engine, name, IDLE)
    assert sessions.claim(engine, code) is not None
    assert sessions.claim(engine, code) is None  # single use
    sid, late = sessions.start_session(engine, name, IDLE)
    _move(engine, sid, claim_expires_at=dt.datetime(2000, 1, 1))
    assert sessions.claim(engine, late) is None  # expired
    assert sessions.claim(engine, "") is None


def test_an_idle_session_expires_and_activity_keeps_it(engine: Engine) -> None:
    name = _user(engine)
    sid, token = _signed_in(engine, name)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    _move(engine, sid, last_seen_at=now - dt.timedelta(minutes=IDLE - 1))
    assert sessions.session_by_token(engine, token, IDLE) is not None  # seen: expiry moves on
    with engine.connect() as conn:
        expires = conn.execute(
            select(UserSession.expires_at).where(UserSession.id == sid)
        ).scalar_one()
    assert expires > now + dt.timedelta(minutes=IDLE - 1)
    _move(engine, sid, expires_at=now - dt.timedelta(seconds=1))
    assert sessions.session_by_token(engine, token, IDLE) is None
    assert sessions.session_by_id(engine, sid, IDLE) is None


def test_sign_out_ends_one_session_and_everywhere_ends_all(engine: Engine) -> None:
    name = _user(engine)
    one, _ = _signed_in(engine, name)
    two, token_two = _signed_in(engine, name)
    three, _ = _signed_in(engine, name)
    assert sessions.end_session(engine, one)
    assert sessions.session_by_id(engine, one, IDLE) is None
    assert sessions.live_sessions(engine, name) == 2
    assert sessions.token_session_id(engine, token_two) == two
    assert accounts.sign_out_everywhere(engine, name) == 2
    assert sessions.session_by_token(engine, token_two, IDLE) is None
    assert sessions.session_by_id(engine, three, IDLE) is None
    events = read_events(engine, username=name)
    assert "sign_out_everywhere: 2" in set(events["detail"].dropna())


def test_disabling_an_account_ends_every_session_of_it_at_once(engine: Engine) -> None:
    name, other = _user(engine), _user(engine)
    mine = [_signed_in(engine, name) for _ in range(2)]
    theirs, _ = _signed_in(engine, other)
    accounts.set_disabled(engine, name, True, by="test_admin")
    assert all(sessions.session_by_token(engine, token, IDLE) is None for _, token in mine)
    assert sessions.session_by_id(engine, theirs, IDLE) is not None  # other users keep theirs
    events = read_events(engine, username=name)
    row = events[events["event"] == "sessions_revoked"].iloc[0]
    assert row["username"] == "test_admin" and row["detail"] == "account_disabled: 2"


def test_password_role_and_scope_changes_end_the_sessions(engine: Engine) -> None:
    name = _user(engine, "editor")
    here, _ = _signed_in(engine, name)
    there, _ = _signed_in(engine, name)
    accounts.change_password(engine, name, GOOD, "Session-pass-10", keep_session=here)
    assert sessions.session_by_id(engine, here, IDLE) is not None  # the tab that changed it
    assert sessions.session_by_id(engine, there, IDLE) is None
    accounts.set_role(engine, name, "viewer", by="test_admin")
    assert sessions.session_by_id(engine, here, IDLE) is None
    again, _ = _signed_in(engine, name)
    accounts.set_scope(engine, name, "440100", by="test_admin")
    assert sessions.session_by_id(engine, again, IDLE) is None
    after_reset, _ = _signed_in(engine, name)
    accounts.reset_password(engine, name, by="test_admin")
    assert sessions.session_by_id(engine, after_reset, IDLE) is None
    details = list(read_events(engine, username=name, events=["sessions_revoked"])["detail"])
    assert details == [
        "password_reset: 1",
        "scope_changed: 1",
        "role_changed: 1",
        "password_changed: 1",
    ]


def test_an_unchanged_role_ends_no_session(engine: Engine) -> None:
    name = _user(engine)
    sid, _ = _signed_in(engine, name)
    accounts.set_role(engine, name, "viewer", by="test_admin")
    accounts.set_scope(engine, name, "province", by="test_admin")
    assert sessions.session_by_id(engine, sid, IDLE) is not None
