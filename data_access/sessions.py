"""Server-side sign-in sessions: only hashes are stored; idle expiry; revocable at once.

A sign-in creates a row with a one-time code (valid for seconds). The browser trades the code
for its token, which only its HttpOnly cookie holds; each script run checks the row again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, delete, select, update

from data_access.models import UserAccount, UserSession

CLAIM_SECONDS = 30  # how long the one-time code of a sign-in may be traded for the cookie
TOUCH_SECONDS = 30  # last seen is written at most this often per session
KEEP_DAYS = 7  # ended sessions are deleted after this many days


@dataclass(frozen=True)
class Session:
    """A live session: its row id and the user name it belongs to."""

    id: int
    username: str


def _now() -> dt.datetime:
    """The current UTC time without tzinfo (stored that way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a token or code is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(
    engine: Engine, username: str, idle_minutes: int, address: str | None = None
) -> tuple[int, str]:
    """A new session of a user: (row id, one-time code for the browser's cookie)."""
    code = secrets.token_urlsafe(32)
    now = _now()
    with engine.begin() as conn:
        user_id = conn.execute(
            select(UserAccount.id).where(UserAccount.username == username)
        ).scalar_one()
        conn.execute(
            delete(UserSession).where(UserSession.expires_at < now - dt.timedelta(days=KEEP_DAYS))
        )
        row_id = conn.execute(  # type: ignore[index]  # a one-row INSERT always returns its key
            UserSession.__table__.insert().values(
                user_id=user_id,
                claim_hash=digest(code),
                claim_expires_at=now + dt.timedelta(seconds=CLAIM_SECONDS),
                created_at=now,
                last_seen_at=now,
                expires_at=now + dt.timedelta(minutes=idle_minutes),
                address=(address or None) and address[:64],
            )
        ).inserted_primary_key[0]
    return int(row_id), code


def claim(engine: Engine, code: str) -> str | None:
    """Trade a one-time code for the session's token (once, within seconds); None if not."""
    if not code:
        return None
    token = secrets.token_urlsafe(32)
    now = _now()
    with engine.begin() as conn:
        done = conn.execute(
            update(UserSession)
            .where(
                UserSession.claim_hash == digest(code),
                UserSession.claim_expires_at >= now,
                UserSession.revoked_at.is_(None),
                UserSession.expires_at >= now,
            )
            .values(token_hash=digest(token), claim_hash=None, claim_expires_at=None)
        ).rowcount
    return token if done == 1 else None


def _check(engine: Engine, where: ColumnElement[bool], idle_minutes: int) -> Session | None:
    """The live session matching `where` (touching its last seen), else None."""
    now = _now()
    with engine.begin() as conn:
        row = conn.execute(
            select(UserSession.id, UserSession.last_seen_at, UserAccount.username)
            .join(UserAccount, UserAccount.id == UserSession.user_id)
            .where(where, UserSession.revoked_at.is_(None), UserSession.expires_at >= now)
        ).first()
        if row is None:
            return None
        if (now - row.last_seen_at).total_seconds() >= TOUCH_SECONDS:
            conn.execute(
                update(UserSession)
                .where(UserSession.id == row.id)
                .values(last_seen_at=now, expires_at=now + dt.timedelta(minutes=idle_minutes))
            )
    return Session(int(row.id), row.username)


def session_by_token(engine: Engine, token: str, idle_minutes: int) -> Session | None:
    """The live session a browser's cookie token names, else None."""
    if not token:
        return None
    return _check(engine, UserSession.token_hash == digest(token), idle_minutes)


def session_by_id(engine: Engine, session_id: int, idle_minutes: int) -> Session | None:
    """The live session of this id (a tab that signed in itself), else None."""
    return _check(engine, UserSession.id == session_id, idle_minutes)


def end_session(engine: Engine, session_id: int, reason: str = "sign_out") -> bool:
    """Revoke one session; True when it was live."""
    with engine.begin() as conn:
        return bool(
            conn.execute(
                update(UserSession)
                .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
                .values(revoked_at=_now(), revoked_reason=reason)
            ).rowcount
        )


def token_session_id(engine: Engine, token: str) -> int | None:
    """The id of the session row a cookie token names (live or not), else None."""
    with engine.connect() as conn:
        row_id = conn.execute(
            select(UserSession.id).where(UserSession.token_hash == digest(token))
        ).scalar()
    return None if row_id is None else int(row_id)


def revoke_user_sessions(
    conn: Connection, user_id: int, reason: str, *, keep: int | None = None
) -> int:
    """Revoke every live session of a user (but `keep`) in the caller's transaction."""
    stmt = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep)
    return conn.execute(stmt.values(revoked_at=_now(), revoked_reason=reason)).rowcount


def live_sessions(engine: Engine, username: str) -> int:
    """How many live (not revoked, not expired) sessions a user has."""
    now = _now()
    with engine.connect() as conn:
        return len(
            conn.execute(
                select(UserSession.id)
                .join(UserAccount, UserAccount.id == UserSession.user_id)
                .where(
                    UserAccount.username == username,
                    UserSession.revoked_at.is_(None),
                    UserSession.expires_at >= now,
                )
            ).all()
        )
