"""Local accounts: argon2 password hashes, roles, city scope, lockout after failed sign-ins."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select, update

from data_access.models import DatasetInfo, Region, UserAccount

log = logging.getLogger(__name__)
ROLES = ("viewer", "editor", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()

# Demo accounts exist only while the demo data is loaded; their passwords are shown on the
# sign-in page of the demo and nowhere else.
DEMO_ACCOUNTS = (
    ("demo_admin", "demo-admin-2024", "admin", None),
    ("demo_editor", "demo-editor-2024", "editor", None),
    ("demo_viewer", "demo-viewer-2024", "viewer", None),
    ("gz_viewer", "gz-viewer-2024", "viewer", "440100"),
)


@dataclass(frozen=True)
class User:
    """A signed-in user as the app sees it."""

    username: str
    role: str
    city_adcode: str | None = None

    def can(self, role: str) -> bool:
        """True when the user's role is at least `role`."""
        return RANK[self.role] >= RANK[role]


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in attempt: a user, or a reason code (wrong, locked)."""

    user: User | None
    reason: str | None = None
    locked_until: dt.datetime | None = None


def _now() -> dt.datetime:
    """The current UTC time without tzinfo (stored that way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def create_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    city_adcode: str | None = None,
    *,
    is_demo: bool = False,
) -> None:
    """Create an account; the password is stored only as an argon2 hash."""
    if role not in ROLES:
        raise ValueError(f"角色无效 / unknown role: {role}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"密码至少 {MIN_PASSWORD_LENGTH} 位 / password too short")
    username = username.strip()
    if not username:
        raise ValueError("用户名不能为空 / username is empty")
    with engine.begin() as conn:
        exists = conn.execute(
            select(UserAccount.id).where(UserAccount.username == username)
        ).scalar()
        if exists:
            raise ValueError(f"用户已存在 / user exists: {username}")
        conn.execute(
            UserAccount.__table__.insert().values(
                username=username,
                password_hash=_hasher.hash(password),
                role=role,
                city_adcode=city_adcode,
                is_demo=is_demo,
                failed_attempts=0,
                created_at=_now(),
            )
        )
    log.info("account created: %s (%s)", username, role)


def ensure_demo_accounts(engine: Engine) -> None:
    """Create the demo accounts that do not exist yet (a city account only where its city is)."""
    with engine.connect() as conn:
        have = set(conn.execute(select(UserAccount.username)).scalars())
        places = set(conn.execute(select(Region.adcode)).scalars())
    for name, password, role, city in DEMO_ACCOUNTS:
        if name not in have and (city is None or city in places):
            create_user(engine, name, password, role, city, is_demo=True)


def remove_demo_accounts(engine: Engine) -> int:
    """Delete the demo accounts (when real data or a real admin arrives)."""
    with engine.begin() as conn:
        return conn.execute(delete(UserAccount).where(UserAccount.is_demo)).rowcount


def _demo_loaded(conn) -> bool:  # type: ignore[no-untyped-def]
    """True while the demo data is loaded."""
    value = conn.execute(select(DatasetInfo.value).where(DatasetInfo.key == "demo")).scalar()
    return value == "1"


def sign_in(
    engine: Engine, username: str, password: str, *, attempts: int, lock_minutes: int
) -> SignInResult:
    """Check a password; count failures and lock the account after too many."""
    now = _now()
    with engine.begin() as conn:
        acct = conn.execute(
            select(*UserAccount.__table__.columns).where(UserAccount.username == username.strip())
        ).first()
        if acct is None:
            _hasher.hash(password)  # same work as a real check: no timing hint
            return SignInResult(None, "wrong")
        if acct.is_demo and not _demo_loaded(conn):
            return SignInResult(None, "wrong")
        if acct.locked_until is not None and acct.locked_until > now:
            return SignInResult(None, "locked", acct.locked_until)
        try:
            _hasher.verify(acct.password_hash, password)
        except (VerificationError, InvalidHashError):
            failed = (acct.failed_attempts or 0) + 1
            locked = now + dt.timedelta(minutes=lock_minutes) if failed >= attempts else None
            conn.execute(
                update(UserAccount)
                .where(UserAccount.id == acct.id)
                .values(failed_attempts=0 if locked else failed, locked_until=locked)
            )
            log.warning("failed sign-in for %s (%d)", acct.username, failed)
            if locked:
                return SignInResult(None, "locked", locked)
            return SignInResult(None, "wrong")
        conn.execute(
            update(UserAccount)
            .where(UserAccount.id == acct.id)
            .values(failed_attempts=0, locked_until=None, last_login_at=now)
        )
    return SignInResult(User(acct.username, acct.role, acct.city_adcode))


def list_users(engine: Engine) -> list[User]:
    """Every account, by name."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(UserAccount.username, UserAccount.role, UserAccount.city_adcode).order_by(
                UserAccount.username
            )
        ).all()
    return [User(*r) for r in rows]
