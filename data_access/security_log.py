"""The security log: sign-ins, lockouts, account changes, imports and undos (append-only)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select

from data_access.models import SecurityEvent

EVENTS = (
    "sign_in",
    "sign_in_failed",
    "locked",
    "sign_out",
    "expired",
    "account_created",
    "account_disabled",
    "account_enabled",
    "account_unlocked",
    "password_reset",
    "password_changed",
    "role_changed",
    "scope_changed",
    "email_changed",
    "sessions_revoked",
    "import",
    "undo",
    "download",
)
COLUMNS = ["at", "username", "event", "target", "detail", "address"]
MIN_RETENTION_DAYS = 180  # logs are kept at least six months (网络安全法 第二十一条)


def _now() -> dt.datetime:
    """The current UTC time without tzinfo (stored that way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record_event(
    conn: Connection,
    event: str,
    username: str | None,
    target: str | None = None,
    detail: str | None = None,
    address: str | None = None,
) -> None:
    """Append one event in the caller's transaction (so it is kept exactly when the change is)."""
    if event not in EVENTS:
        raise ValueError(f"unknown security event: {event}")
    conn.execute(
        insert(SecurityEvent).values(
            at=_now(),
            username=(username or None) and username[:80],
            event=event,
            target=(target or None) and target[:200],
            detail=detail,
            address=(address or None) and address[:64],
        )
    )


def log_event(engine: Engine, event: str, username: str | None, **fields: str | None) -> None:
    """Append one event in its own transaction."""
    with engine.begin() as conn:
        record_event(conn, event, username, **fields)


def read_events(
    engine: Engine,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    events: list[str] | None = None,
    username: str | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """The newest events first, filtered by day range, kinds of event and user (who or target)."""
    stmt = select(*(SecurityEvent.__table__.c[c] for c in COLUMNS))
    if since is not None:
        stmt = stmt.where(SecurityEvent.at >= dt.datetime.combine(since, dt.time()))
    if until is not None:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
        stmt = stmt.where(SecurityEvent.at < end)
    if events:
        stmt = stmt.where(SecurityEvent.event.in_(events))
    if username:
        stmt = stmt.where((SecurityEvent.username == username) | (SecurityEvent.target == username))
    stmt = stmt.order_by(SecurityEvent.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=COLUMNS)


def prune_events(engine: Engine, retention_days: int) -> int:
    """Delete events older than the retention (never fewer than 180 days); return how many."""
    if retention_days < MIN_RETENTION_DAYS:
        raise ValueError(
            f"安全日志至少保留 {MIN_RETENTION_DAYS} 天 / "
            f"the security log is kept at least {MIN_RETENTION_DAYS} days"
        )
    cutoff = _now() - dt.timedelta(days=retention_days)
    with engine.begin() as conn:
        return conn.execute(delete(SecurityEvent).where(SecurityEvent.at < cutoff)).rowcount
