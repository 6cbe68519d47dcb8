"""Local accounts: argon2 hashes, roles, city or county scope, lockout, administration, policy."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Row, delete, func, select, update

from config import get_settings
from data_access.frames import tuples_frame
from data_access.models import DatasetInfo, Region, UserAccount
from data_access.security_log import record_event
from data_access.sessions import revoke_user_sessions
from metrics.frames import records

log = logging.getLogger(__name__)
ROLES = ("viewer", "editor", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
MIN_PASSWORD_LENGTH = 8
MIN_PASSWORD_CLASSES = 3
_hasher = PasswordHasher()

# Demo accounts exist only while the demo data is loaded; their passwords are shown on the
# sign-in page of the demo and nowhere else.
DEMO_ACCOUNTS = (
    ("demo_admin", "demo-admin-2024", "admin", None),
    ("demo_editor", "demo-editor-2024", "editor", None),
    ("demo_viewer", "demo-viewer-2024", "viewer", None),
    ("gz_viewer", "gz-viewer-2024", "viewer", "440100"),
)


class AccountError(ValueError):
    """A refused account change or password, with its reason in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en

    def message(self, lang: str = "zh") -> str:
        """The reason in one language."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class User:
    """A signed-in user as the app sees it: role, and the city / county their scope is."""

    username: str
    role: str
    city_adcode: str | None = None
    county_adcode: str | None = None
    must_change_password: bool = False

    def can(self, role: str) -> bool:
        """True when the user's role is at least `role`."""
        return RANK[self.role] >= RANK[role]

    @property
    def scope_adcode(self) -> str | None:
        """The finest place of the scope (county, else city; None: the whole province)."""
        return self.county_adcode or self.city_adcode


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in attempt: a user, or a reason code (wrong, locked, disabled)."""

    user: User | None
    reason: str | None = None
    locked_until: dt.datetime | None = None


def _now() -> dt.datetime:
    """The current UTC time without tzinfo (stored that way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@lru_cache(maxsize=4)
def _places(province: str) -> dict[str, tuple[str, str | None, str]]:
    """adcode → (level, city adcode, name) for every place of the province."""
    from data_access.regions import load_region_registry

    reg = load_region_registry(province)
    return {
        r.adcode: (r.level, r.city_adcode if isinstance(r.city_adcode, str) else None, r.name)
        for r in records(reg)
    }


def resolve_scope(scope: str | None) -> tuple[str | None, str | None]:
    """(city, county) of a scope: None / "province" / the province code, a city or a county."""
    province = get_settings().province_adcode
    scope = (scope or "").strip()
    if scope in ("", "province", province):
        return None, None
    place = _places(province).get(scope)
    if place is None or place[0] == "province":
        raise AccountError(
            f"“{scope}”不是本省的市或县（区）行政区划代码",
            f"'{scope}' is not the adcode of a city or county of the province",
        )
    level, city, _ = place
    return (scope, None) if level == "city" else (city, scope)


def scope_name(scope: str | None, lang: str = "zh") -> str:
    """The place name of a scope (全省 / whole province when none)."""
    province = get_settings().province_adcode
    places = _places(province)
    if not scope or scope == province:
        return "全省" if lang == "zh" else "whole province"
    level, city, name = places.get(scope, ("", None, scope))
    if level == "county" and city in places and city != scope:
        return places[city][2] + name
    return name


def password_problem(password: str, username: str) -> AccountError | None:
    """Why a password fails the policy (等保 2.0 baseline), or None when it passes."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return AccountError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 位", f"at least {MIN_PASSWORD_LENGTH} characters"
        )
    classes = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    if sum(classes) < MIN_PASSWORD_CLASSES:
        return AccountError(
            "密码须包含大写字母、小写字母、数字、符号中的至少三类",
            "use at least three of: upper-case, lower-case, digits, symbols",
        )
    if username.strip() and username.strip().lower() in password.lower():
        return AccountError("密码不能包含用户名", "the password must not contain the user name")
    return None


def check_password(password: str, username: str) -> None:
    """Raise AccountError when a password fails the policy."""
    problem = password_problem(password, username)
    if problem is not None:
        raise problem


def temporary_password(username: str = "") -> str:
    """A random password that passes the policy for the account (given once; must be changed
    at sign-in): never one that holds the user name, which create_user would refuse."""
    alphabet = string.ascii_letters + string.digits
    while True:
        core = "".join(secrets.choice(alphabet) for _ in range(10))
        candidate = f"{core[:5]}-{core[5:]}"
        if password_problem(candidate, username) is None:
            return candidate


def _account(conn: Connection, username: str) -> Row[*tuple[Any, ...]]:
    """The account row of a user name, or AccountError."""
    row = conn.execute(
        select(*UserAccount.__table__.columns).where(UserAccount.username == username.strip())
    ).first()
    if row is None:
        raise AccountError(f"没有用户“{username}”", f"no user '{username}'")
    return row


def create_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    scope_adcode: str | None = None,
    *,
    is_demo: bool = False,
    by: str | None = None,
    must_change: bool = False,
    email: str | None = None,
) -> None:
    """Create an account; the password is stored only as an argon2 hash.

    `email` (optional) lets a single sign-on identity with that verified e-mail use the account.
    """
    if role not in ROLES:
        raise AccountError(f"角色无效：{role}", f"unknown role: {role}")
    username = username.strip()
    if not username:
        raise AccountError("用户名不能为空", "the user name is empty")
    if len(username) > 80:
        raise AccountError("用户名最多 80 个字符", "the user name has more than 80 characters")
    if not is_demo:
        check_password(password, username)
    city, county = resolve_scope(scope_adcode)
    address = clean_email(email)
    now = _now()
    with engine.begin() as conn:
        exists = conn.execute(
            select(UserAccount.id).where(UserAccount.username == username)
        ).scalar()
        if exists:
            raise AccountError(f"用户名“{username}”已存在", f"the user '{username}' exists")
        _email_free(conn, address, username)
        conn.execute(
            UserAccount.__table__.insert().values(
                username=username,
                password_hash=_hasher.hash(password),
                role=role,
                scope_adcode=county or city,
                is_demo=is_demo,
                failed_attempts=0,
                created_at=now,
                disabled=False,
                must_change_password=must_change,
                password_changed_at=now,
                email=address,
            )
        )
        if not is_demo:
            record_event(
                conn, "account_created", by, username, f"role={role} scope={county or city or '-'}"
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


def _demo_loaded(conn: Connection) -> bool:
    """True while the demo data is loaded."""
    value = conn.execute(select(DatasetInfo.value).where(DatasetInfo.key == "demo")).scalar()
    return value == "1"


def _expired(changed_at: dt.datetime | None, now: dt.datetime) -> bool:
    """True when the password is older than the expiry setting (0: never expires)."""
    days = get_settings().password_expiry_days
    return bool(days) and changed_at is not None and now - changed_at > dt.timedelta(days=days)


def _user(acct: Row[*tuple[Any, ...]], now: dt.datetime) -> User:
    """The app's view of an account row."""
    try:
        city, county = resolve_scope(acct.scope_adcode)
    except AccountError:  # a place that left the registry: see nothing rather than everything
        city, county = acct.scope_adcode, acct.scope_adcode
    must = bool(acct.must_change_password) or _expired(acct.password_changed_at, now)
    return User(acct.username, acct.role, city, county, must)


def sign_in(
    engine: Engine,
    username: str,
    password: str,
    *,
    attempts: int,
    lock_minutes: int,
    address: str | None = None,
) -> SignInResult:
    """Check a password; count failures and lock the account after too many; log the outcome."""
    now = _now()
    name = username.strip()
    with engine.begin() as conn:
        acct = conn.execute(
            select(*UserAccount.__table__.columns).where(UserAccount.username == name)
        ).first()
        if acct is None or (acct.is_demo and not _demo_loaded(conn)):
            if acct is None:
                _hasher.hash(password)  # same work as a real check: no timing hint
            record_event(conn, "sign_in_failed", name, name, "unknown user", address)
            return SignInResult(None, "wrong")
        if acct.locked_until is not None and acct.locked_until > now:
            record_event(conn, "sign_in_failed", name, name, "locked", address)
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
            record_event(conn, "sign_in_failed", name, name, "wrong password", address)
            log.warning("failed sign-in for %s (%d)", acct.username, failed)
            if locked:
                record_event(conn, "locked", name, name, f"until {locked:%Y-%m-%d %H:%M}", address)
                return SignInResult(None, "locked", locked)
            return SignInResult(None, "wrong")
        if acct.disabled:
            record_event(conn, "sign_in_failed", name, name, "disabled", address)
            return SignInResult(None, "disabled")
        conn.execute(
            update(UserAccount)
            .where(UserAccount.id == acct.id)
            .values(failed_attempts=0, locked_until=None, last_login_at=now)
        )
        record_event(conn, "sign_in", name, name, None, address)
    return SignInResult(_user(acct, now))


def account_state(engine: Engine, username: str) -> User | None:
    """The account as it is now (None when gone, disabled, or a demo account without demo)."""
    with engine.connect() as conn:
        acct = conn.execute(
            select(*UserAccount.__table__.columns).where(UserAccount.username == username)
        ).first()
        if acct is None or acct.disabled or (acct.is_demo and not _demo_loaded(conn)):
            return None
    return _user(acct, _now())


def list_users(engine: Engine) -> list[User]:
    """Every account, by name."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(*UserAccount.__table__.columns).order_by(UserAccount.username)
        ).all()
    now = _now()
    return [_user(r, now) for r in rows]


def list_accounts(engine: Engine) -> pd.DataFrame:
    """Every account with its state: role, scope, disabled, locked, must change, last sign-in."""
    cols = [
        "username",
        "role",
        "scope_adcode",
        "disabled",
        "locked_until",
        "must_change_password",
        "last_login_at",
        "created_at",
        "is_demo",
        "email",
    ]
    with engine.connect() as conn:
        rows = conn.execute(
            select(*(UserAccount.__table__.c[c] for c in cols)).order_by(UserAccount.username)
        ).all()
    df = tuples_frame(rows, cols)
    now = _now()
    df["locked"] = df["locked_until"].map(lambda t: t is not None and not pd.isna(t) and t > now)
    df["disabled"] = df["disabled"].astype(bool)
    df["must_change_password"] = df["must_change_password"].astype(bool)
    return df


def _active_admins(conn: Connection, besides: str) -> int:
    """How many enabled, non-demo administrators there are other than `besides`."""
    return int(
        conn.execute(
            select(func.count()).where(
                UserAccount.role == "admin",
                UserAccount.disabled.is_(False),
                UserAccount.is_demo.is_(False),
                UserAccount.username != besides,
            )
        ).scalar_one()
    )


def end_sessions(
    conn: Connection,
    acct: Row[*tuple[Any, ...]],
    reason: str,
    by: str | None,
    keep: int | None = None,
) -> int:
    """End the account's sessions everywhere (but `keep`) and log how many ended."""
    ended = revoke_user_sessions(conn, acct.id, reason, keep=keep)
    if ended:
        record_event(conn, "sessions_revoked", by, acct.username, f"{reason}: {ended}")
    return ended


def sign_out_everywhere(engine: Engine, username: str, *, by: str | None = None) -> int:
    """End every session of the account (the user's own "sign out everywhere", or an
    administrator's); return how many ended."""
    reason = "sign_out_everywhere" if by in (None, username) else "ended_by_admin"
    with engine.begin() as conn:
        return end_sessions(conn, _account(conn, username), reason, by or username)


def set_disabled(engine: Engine, username: str, disabled: bool, *, by: str | None) -> None:
    """Disable (sign-in refused at once) or enable an account."""
    with engine.begin() as conn:
        acct = _account(conn, username)
        if disabled and by == acct.username:
            raise AccountError("不能停用自己的账号", "you cannot disable your own account")
        if disabled and acct.role == "admin" and not _active_admins(conn, acct.username):
            raise AccountError(
                "不能停用最后一个管理员账号", "you cannot disable the last administrator"
            )
        conn.execute(update(UserAccount).where(UserAccount.id == acct.id).values(disabled=disabled))
        record_event(conn, "account_disabled" if disabled else "account_enabled", by, acct.username)
        if disabled:
            end_sessions(conn, acct, "account_disabled", by)


def unlock(engine: Engine, username: str, *, by: str | None) -> None:
    """Lift a lockout and forget the failed attempts."""
    with engine.begin() as conn:
        acct = _account(conn, username)
        conn.execute(
            update(UserAccount)
            .where(UserAccount.id == acct.id)
            .values(locked_until=None, failed_attempts=0)
        )
        record_event(conn, "account_unlocked", by, acct.username)


def reset_password(engine: Engine, username: str, *, by: str | None) -> str:
    """Give the account a temporary password (returned once) that must be changed at sign-in."""
    temp = temporary_password(username)
    with engine.begin() as conn:
        acct = _account(conn, username)
        conn.execute(
            update(UserAccount)
            .where(UserAccount.id == acct.id)
            .values(
                password_hash=_hasher.hash(temp),
                must_change_password=True,
                locked_until=None,
                failed_attempts=0,
                password_changed_at=_now(),
            )
        )
        record_event(conn, "password_reset", by, acct.username)
        end_sessions(conn, acct, "password_reset", by)
    return temp


def change_password(
    engine: Engine, username: str, old: str, new: str, *, keep_session: int | None = None
) -> None:
    """A user's own password change: the old one must be right, the new one follow the policy.

    Every other session of the account ends; `keep_session` (the one changing it) stays.
    """
    check_password(new, username)
    if new == old:
        raise AccountError("新密码不能与旧密码相同", "the new password must differ from the old")
    with engine.begin() as conn:
        acct = _account(conn, username)
        try:
            _hasher.verify(acct.password_hash, old)
        except (VerificationError, InvalidHashError):
            raise AccountError("当前密码不正确", "the current password is wrong") from None
        conn.execute(
            update(UserAccount)
            .where(UserAccount.id == acct.id)
            .values(
                password_hash=_hasher.hash(new),
                must_change_password=False,
                password_changed_at=_now(),
            )
        )
        record_event(conn, "password_changed", acct.username, acct.username)
        end_sessions(conn, acct, "password_changed", acct.username, keep=keep_session)


def set_role(engine: Engine, username: str, role: str, *, by: str | None) -> None:
    """Change an account's role; the last administrator stays one."""
    if role not in ROLES:
        raise AccountError(f"角色无效：{role}", f"unknown role: {role}")
    with engine.begin() as conn:
        acct = _account(conn, username)
        if acct.role == "admin" and role != "admin" and not _active_admins(conn, acct.username):
            raise AccountError(
                "不能取消最后一个管理员的管理员角色", "the last administrator must stay one"
            )
        conn.execute(update(UserAccount).where(UserAccount.id == acct.id).values(role=role))
        record_event(conn, "role_changed", by, acct.username, f"{acct.role} → {role}")
        if role != acct.role:
            end_sessions(conn, acct, "role_changed", by)


def set_scope(engine: Engine, username: str, scope: str | None, *, by: str | None) -> None:
    """Change an account's scope: the province (None / "province"), a city or a county."""
    city, county = resolve_scope(scope)
    with engine.begin() as conn:
        acct = _account(conn, username)
        new = county or city
        conn.execute(update(UserAccount).where(UserAccount.id == acct.id).values(scope_adcode=new))
        record_event(
            conn, "scope_changed", by, acct.username, f"{acct.scope_adcode or '-'} → {new or '-'}"
        )
        if new != acct.scope_adcode:
            end_sessions(conn, acct, "scope_changed", by)


def clean_email(email: str | None) -> str | None:
    """An e-mail address trimmed and in lower case (None when empty), or AccountError."""
    address = (email or "").strip().lower()
    if not address:
        return None
    local, _, domain = address.partition("@")
    if not local or "." not in domain or len(address) > 200 or any(c.isspace() for c in address):
        raise AccountError(f"电子邮箱无效：{email}", f"not an e-mail address: {email}")
    return address


def _email_free(conn: Connection, email: str | None, username: str) -> None:
    """AccountError when another account already has this e-mail address."""
    if email is None:
        return
    other = conn.execute(
        select(UserAccount.username).where(
            UserAccount.email == email, UserAccount.username != username
        )
    ).scalar()
    if other is not None:
        raise AccountError(
            f"电子邮箱 {email} 已属于账号“{other}”", f"{email} already belongs to '{other}'"
        )


def set_email(engine: Engine, username: str, email: str | None, *, by: str | None) -> None:
    """Set (or, with None / "", remove) the e-mail a single sign-on identity is matched by."""
    address = clean_email(email)
    with engine.begin() as conn:
        acct = _account(conn, username)
        _email_free(conn, address, acct.username)
        conn.execute(update(UserAccount).where(UserAccount.id == acct.id).values(email=address))
        record_event(
            conn, "email_changed", by, acct.username, f"{acct.email or '-'} → {address or '-'}"
        )


@dataclass(frozen=True)
class Identity:
    """Who a single sign-on provider says signed in (from the ID token's claims)."""

    subject: str
    username: str | None = None  # preferred_username
    email: str | None = None
    email_verified: bool | None = None

    def describe(self) -> str:
        """The identity for the security log."""
        return self.email or self.username or self.subject


def _identity_account(conn: Connection, identity: Identity) -> Row[Any] | None:
    """The account row an identity names: by user name, else by verified e-mail (as the
    account's e-mail or its user name); None when there is none."""
    cols = select(*UserAccount.__table__.columns)
    name = (identity.username or "").strip()
    if name:
        acct = conn.execute(cols.where(UserAccount.username == name)).first()
        if acct is not None:
            return acct
    email = (identity.email or "").strip().lower()
    if not email or identity.email_verified is False:
        return None
    return conn.execute(
        cols.where(
            (UserAccount.email == email) | (func.lower(UserAccount.username) == email)
        ).order_by(UserAccount.email.is_(None))
    ).first()


def identity_username(engine: Engine, identity: Identity) -> str | None:
    """The user name of the account an identity names, if any."""
    with engine.connect() as conn:
        acct = _identity_account(conn, identity)
    return None if acct is None else acct.username


def sign_in_identity(
    engine: Engine, identity: Identity, address: str | None = None
) -> SignInResult:
    """Sign in a single sign-on identity as the account it names; log the outcome (oidc).

    An unknown identity, a disabled account or a demo account without the demo get no user
    (reason "unknown" or "disabled"). The provider checked the password, so no password
    change is asked for.
    """
    now = _now()
    who = identity.describe()[:80]
    with engine.begin() as conn:
        acct = _identity_account(conn, identity)
        if acct is None or (acct.is_demo and not _demo_loaded(conn)):
            record_event(conn, "sign_in_failed", who, who, "oidc: unknown identity", address)
            return SignInResult(None, "unknown")
        name = acct.username
        if acct.disabled:
            record_event(conn, "sign_in_failed", name, name, f"oidc: {who}: disabled", address)
            return SignInResult(None, "disabled")
        conn.execute(update(UserAccount).where(UserAccount.id == acct.id).values(last_login_at=now))
        record_event(conn, "sign_in", name, name, f"oidc: {who}", address)
    user = _user(acct, now)
    return SignInResult(User(user.username, user.role, user.city_adcode, user.county_adcode))
