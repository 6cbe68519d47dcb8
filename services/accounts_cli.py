"""Account sub-commands of the command line: create, list, disable, enable, unlock, reset, set."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import Engine

from data_access import accounts
from data_access.accounts import ROLES, AccountError
from data_access.schema import upgrade_schema
from metrics.frames import records

COMMANDS = (
    "create-user",
    "list-users",
    "disable",
    "enable",
    "unlock",
    "reset-password",
    "set-role",
    "set-scope",
    "set-email",
    "end-sessions",
    "prune-security-log",
)
SCOPE_HELP = "province, or the adcode of a city (440100) or county (440106)"
EMAIL_HELP = "e-mail by which a single sign-on (统一身份认证) identity finds this account"


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the account sub-commands to the command line."""
    create = sub.add_parser("create-user", help="create an account with a role and a scope")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--scope", default="province", help=SCOPE_HELP)
    create.add_argument("--email", default=None, help=EMAIL_HELP)
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create.add_argument(
        "--temporary",
        action="store_true",
        help="generate a temporary password (printed once) to be changed at first sign-in",
    )
    _by(create)
    sub.add_parser("list-users", help="list the accounts with role, scope and state")
    for name, text in (
        ("disable", "disable an account (sign-in refused)"),
        ("enable", "enable a disabled account"),
        ("unlock", "lift a lockout after failed sign-ins"),
        ("reset-password", "give a temporary password that must be changed at sign-in"),
        ("end-sessions", "sign the account out of every browser at once"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--username", required=True)
        _by(p)
    role = sub.add_parser("set-role", help="change an account's role")
    role.add_argument("--username", required=True)
    role.add_argument("--role", required=True, choices=ROLES)
    _by(role)
    scope = sub.add_parser("set-scope", help="change an account's scope")
    scope.add_argument("--username", required=True)
    scope.add_argument("--scope", required=True, help=SCOPE_HELP)
    _by(scope)
    email = sub.add_parser("set-email", help='set or remove ("") an account\'s e-mail')
    email.add_argument("--username", required=True)
    email.add_argument("--email", required=True, help=EMAIL_HELP)
    _by(email)
    sub.add_parser(
        "prune-security-log",
        help="delete security-log events older than SECURITY_LOG_RETENTION_DAYS (at least 180)",
    )


def _by(parser: argparse.ArgumentParser) -> None:
    """The --by option: who makes the change (for the security log)."""
    parser.add_argument("--by", default=None, help="who makes the change (default: login name)")


def who(name: str | None) -> str:
    """The name recorded in the security log."""
    if name:
        return name
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def read_password(from_stdin: bool) -> str | None:
    """A password from standard input or typed twice; None when the two differ."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("密码 / password: ")
    if password != getpass.getpass("再次输入 / again: "):
        return None
    return password


def _print_accounts(engine: Engine) -> None:
    """One line per account."""
    df = accounts.list_accounts(engine)
    print("用户名/username\t角色/role\t范围/scope\t状态/state\t最近登录/last sign-in")
    for r in records(df):
        state = [
            label
            for flag, label in (
                (r.disabled, "已停用/disabled"),
                (r.locked, "已锁定/locked"),
                (r.must_change_password, "须改密码/must change password"),
                (r.is_demo, "演示/demo"),
            )
            if flag
        ]
        last = "" if r.last_login_at is None or str(r.last_login_at) == "NaT" else r.last_login_at
        scope = accounts.scope_name(r.scope_adcode)
        code = f" ({r.scope_adcode})" if r.scope_adcode else ""
        print(f"{r.username}\t{r.role}\t{scope}{code}\t{','.join(state) or '正常/active'}\t{last}")


def run(engine: Engine, args: argparse.Namespace) -> int:
    """Run one account sub-command; return the exit code."""
    upgrade_schema(engine)
    try:
        return _run(engine, args)
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _run(engine: Engine, args: argparse.Namespace) -> int:
    """The sub-command itself; AccountError is reported by run()."""
    name: str = getattr(args, "username", None)  # type: ignore[assignment]  # set by every sub-command that uses it
    by = who(getattr(args, "by", None))
    if args.command == "list-users":
        _print_accounts(engine)
    elif args.command == "prune-security-log":
        from config import get_settings
        from data_access.security_log import prune_events

        days = get_settings().security_log_retention_days
        if not days:
            print("未设置保留天数，全部保留 / no retention set: every event is kept")
            return 0
        try:
            print(
                f"已删除 {prune_events(engine, days)} 条 / events deleted (older than {days} days)"
            )
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    elif args.command == "create-user":
        password: str | None
        if args.temporary:
            password = accounts.temporary_password(args.username)
        else:
            password = read_password(args.password_stdin)
            if password is None:
                print("两次输入的密码不一致 / passwords differ", file=sys.stderr)
                return 2
        accounts.create_user(
            engine,
            name,
            password,
            args.role,
            args.scope,
            by=by,
            must_change=args.temporary,
            email=args.email,
        )
        place = accounts.scope_name(args.scope)
        print(f"账号已创建 / account created: {name} ({args.role}, {place})")
        if args.temporary:
            print(f"临时密码（首次登录须修改）/ temporary password: {password}")
    elif args.command == "disable":
        accounts.set_disabled(engine, name, True, by=by)
        print(f"已停用 / disabled: {name}")
    elif args.command == "enable":
        accounts.set_disabled(engine, name, False, by=by)
        print(f"已启用 / enabled: {name}")
    elif args.command == "unlock":
        accounts.unlock(engine, name, by=by)
        print(f"已解锁 / unlocked: {name}")
    elif args.command == "reset-password":
        temp = accounts.reset_password(engine, name, by=by)
        print(f"临时密码（下次登录须修改）/ temporary password for {name}: {temp}")
    elif args.command == "end-sessions":
        ended = accounts.sign_out_everywhere(engine, name, by=by)
        print(f"已结束 {ended} 个会话 / sessions ended: {name} ({ended})")
    elif args.command == "set-role":
        accounts.set_role(engine, name, args.role, by=by)
        print(f"角色已修改 / role changed: {name} → {args.role}")
    elif args.command == "set-scope":
        accounts.set_scope(engine, name, args.scope, by=by)
        print(f"范围已修改 / scope changed: {name} → {accounts.scope_name(args.scope)}")
    elif args.command == "set-email":
        accounts.set_email(engine, name, args.email, by=by)
        print(f"电子邮箱已修改 / e-mail set: {name} → {args.email.strip().lower() or '-'}")
    return 0
