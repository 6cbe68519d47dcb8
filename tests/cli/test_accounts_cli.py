"""The account commands: create a province, a city and a county account; change and refuse."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import ROOT
from data_access.accounts import User, sign_in
from data_access.engine import make_engine
from data_access.security_log import read_events


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An empty production database of its own."""
    return dict(
        os.environ,
        SOCIAL_WORK_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'accounts.sqlite'}",
        DEMO_ON_EMPTY="0",
    )


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run cli.py against the test database."""
    return subprocess.run(
        [sys.executable, "cli.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_accounts_for_a_province_a_city_and_a_county(env: dict[str, str]) -> None:
    engine = make_engine(env["DATABASE_URL"])
    for name, role, scope in (
        ("chief", "admin", "province"),
        ("gz_editor", "editor", "440100"),
        ("th_editor", "editor", "440106"),
    ):
        args = ["create-user", "--username", name, "--role", role, "--scope", scope]
        run = _cli(env, *args, "--password-stdin", stdin="Strong-pass-1\n")
        assert run.returncode == 0, run.stderr
    assert "广州市天河区" in run.stdout
    user = sign_in(engine, "th_editor", "Strong-pass-1", attempts=5, lock_minutes=1).user
    assert user == User("th_editor", "editor", "440100", "440106")
    listing = _cli(env, "list-users").stdout
    line = next(x for x in listing.splitlines() if x.startswith("th_editor"))
    assert "editor" in line and "广州市天河区 (440106)" in line and "正常" in line


def test_reset_disable_unlock_role_and_scope_from_the_command_line(env: dict[str, str]) -> None:
    engine = make_engine(env["DATABASE_URL"])
    create = ["create-user", "--username", "li", "--role", "viewer", "--temporary"]
    run = _cli(env, *create, "--by", "chief")
    assert run.returncode == 0, run.stderr
    temp = run.stdout.rsplit(": ", 1)[1].strip()
    first = sign_in(engine, "li", temp, attempts=5, lock_minutes=1).user
    assert first is not None and first.must_change_password
    assert "须改密码" in _cli(env, "list-users").stdout
    assert _cli(env, "set-role", "--username", "li", "--role", "editor").returncode == 0
    assert _cli(env, "set-scope", "--username", "li", "--scope", "440106").returncode == 0
    assert _cli(env, "disable", "--username", "li").returncode == 0
    assert sign_in(engine, "li", temp, attempts=5, lock_minutes=1).reason == "disabled"
    assert "已停用" in _cli(env, "list-users").stdout
    assert _cli(env, "enable", "--username", "li").returncode == 0
    for _ in range(5):
        sign_in(engine, "li", "wrong", attempts=5, lock_minutes=30)
    assert "已锁定" in _cli(env, "list-users").stdout
    assert _cli(env, "unlock", "--username", "li").returncode == 0
    reset = _cli(env, "reset-password", "--username", "li")
    new_temp = reset.stdout.rsplit(": ", 1)[1].strip()
    user = sign_in(engine, "li", new_temp, attempts=5, lock_minutes=1).user
    assert user == User("li", "editor", "440100", "440106", must_change_password=True)
    events = read_events(engine)
    assert {"account_created", "role_changed", "scope_changed", "account_disabled"} <= set(
        events["event"]
    )
    assert events.loc[events["event"] == "account_created", "username"].item() == "chief"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--username", "wang", "--role", "viewer"], "weakpassword\n", "至少三类"),
        (["--username", "wang", "--role", "viewer"], "Wang-2024-ok\n", "不能包含用户名"),
        (
            ["--username", "wang", "--role", "viewer", "--scope", "310100"],
            "Strong-1x\n",
            "不是本省",
        ),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(
    env: dict[str, str], args: list[str], stdin: str, message: str
) -> None:
    run = _cli(env, "create-user", *args, "--password-stdin", stdin=stdin)
    assert run.returncode == 2 and message in run.stderr
    assert "wang" not in _cli(env, "list-users").stdout


def test_the_last_admin_is_kept(env: dict[str, str]) -> None:
    create = ["create-user", "--username", "chief", "--role", "admin", "--password-stdin"]
    assert _cli(env, *create, stdin="Strong-pass-1\n").returncode == 0
    demote = _cli(env, "set-role", "--username", "chief", "--role", "viewer")
    assert demote.returncode == 2 and "最后一个管理员" in demote.stderr
    off = _cli(env, "disable", "--username", "chief", "--by", "chief")
    assert off.returncode == 2 and "不能停用自己的账号" in off.stderr
    missing = _cli(env, "unlock", "--username", "nobody")
    assert missing.returncode == 2 and "没有用户" in missing.stderr


def test_the_security_log_keeps_its_retention(env: dict[str, str]) -> None:
    import datetime as dt

    from sqlalchemy import update

    from data_access.models import SecurityEvent

    engine = make_engine(env["DATABASE_URL"])
    create = ["create-user", "--username", "chief", "--role", "admin", "--password-stdin"]
    assert _cli(env, *create, stdin="Strong-pass-1\n").returncode == 0
    for name in ("old_one", "new_one"):
        args = ["create-user", "--username", name, "--role", "viewer", "--temporary"]
        assert _cli(env, *args).returncode == 0
    with engine.begin() as conn:
        old = dt.datetime.now() - dt.timedelta(days=400)
        conn.execute(update(SecurityEvent).where(SecurityEvent.target == "old_one").values(at=old))
    kept = _cli(env, "prune-security-log")
    assert kept.returncode == 0 and "全部保留" in kept.stdout
    short = _cli(dict(env, SECURITY_LOG_RETENTION_DAYS="30"), "prune-security-log")
    assert short.returncode == 2 and "至少保留 180 天" in short.stderr
    pruned = _cli(dict(env, SECURITY_LOG_RETENTION_DAYS="365"), "prune-security-log")
    assert pruned.returncode == 0 and "已删除 1 条" in pruned.stdout
    assert set(read_events(engine)["target"]) == {"chief", "new_one"}


def test_end_sessions_signs_an_account_out_of_every_browser(env: dict[str, str]) -> None:
    from data_access.sessions import live_sessions, start_session

    assert _cli(env, "upgrade").returncode == 0
    engine = make_engine(env["DATABASE_URL"])
    run = _cli(env, "create-user", "--username", "li", "--role", "viewer", "--password-stdin",
               stdin="Strong-pass-1\n")  # fmt: skip
    assert run.returncode == 0, run.stderr
    for _ in range(2):
        start_session(engine, "li", 30)
    run = _cli(env, "end-sessions", "--username", "li", "--by", "chief")
    assert run.returncode == 0 and "(2)" in run.stdout
    assert live_sessions(engine, "li") == 0
    events = read_events(engine, username="li", events=["sessions_revoked"])
    assert list(events["detail"]) == ["ended_by_admin: 2"] and list(events["username"]) == ["chief"]
    assert _cli(env, "end-sessions", "--username", "nobody").returncode == 2
