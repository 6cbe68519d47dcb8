"""Accounts: hashed passwords, lockout after repeated failures, demo accounts only with demo."""

import datetime as dt

import pytest
from sqlalchemy import Engine, select, text

from data_access.accounts import User, create_user, sign_in
from data_access.engine import make_engine
from data_access.models import UserAccount
from data_access.schema import upgrade_schema


@pytest.fixture
def fresh(tmp_path) -> Engine:  # type: ignore[no-untyped-def]
    """An empty database with the schema."""
    engine = make_engine(f"sqlite:///{tmp_path / 'accounts.sqlite'}")
    upgrade_schema(engine)
    return engine


def test_password_is_stored_only_as_argon2_hash(fresh: Engine) -> None:
    create_user(fresh, "li", "correct horse", "editor")
    with fresh.connect() as conn:
        stored = conn.execute(select(UserAccount.password_hash)).scalar_one()
    assert stored.startswith("$argon2") and "correct horse" not in stored


def test_sign_in_and_roles(fresh: Engine) -> None:
    create_user(fresh, "li", "correct horse", "editor", "440100")
    result = sign_in(fresh, "li", "correct horse", attempts=5, lock_minutes=15)
    assert result.user == User("li", "editor", "440100")
    assert result.user.can("viewer") and result.user.can("editor") and not result.user.can("admin")


def test_account_locks_after_repeated_failures(fresh: Engine) -> None:
    create_user(fresh, "li", "correct horse", "viewer")
    for _ in range(2):
        assert sign_in(fresh, "li", "wrong", attempts=3, lock_minutes=15).reason == "wrong"
    third = sign_in(fresh, "li", "wrong", attempts=3, lock_minutes=15)
    assert third.reason == "locked"
    # even the right password is refused while locked
    assert sign_in(fresh, "li", "correct horse", attempts=3, lock_minutes=15).reason == "locked"
    with fresh.begin() as conn:
        past = dt.datetime(2000, 1, 1)
        conn.execute(text("UPDATE user_account SET locked_until = :t"), {"t": past})
    assert sign_in(fresh, "li", "correct horse", attempts=3, lock_minutes=15).user is not None


def test_unknown_user_and_short_password(fresh: Engine) -> None:
    assert sign_in(fresh, "nobody", "whatever1", attempts=3, lock_minutes=1).reason == "wrong"
    with pytest.raises(ValueError, match="密码至少"):
        create_user(fresh, "li", "short", "viewer")


def test_demo_accounts_stop_working_without_demo_data(fresh: Engine) -> None:
    create_user(fresh, "demo_x", "demo-pass-1", "admin", is_demo=True)
    assert sign_in(fresh, "demo_x", "demo-pass-1", attempts=3, lock_minutes=1).user is None
