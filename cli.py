"""Command line: upgrade the schema, load the demo data, print headline KPIs as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy import Engine

from config import get_settings
from data_access.aggregate import Place
from data_access.engine import make_engine
from data_access.regions import load_region_registry
from data_access.schema import upgrade_schema
from metrics import periods


def _place(adcode: str | None) -> Place:
    """The place filter for an adcode (the province when none is given)."""
    settings = get_settings()
    if not adcode or adcode == settings.province_adcode:
        return Place(settings.province_adcode, "province")
    registry = load_region_registry(settings.province_adcode).set_index("adcode")
    if adcode not in registry.index:
        raise SystemExit(f"未知的行政区划代码 / unknown adcode: {adcode}")
    level = registry.loc[adcode, "level"]
    return Place(adcode, "county" if level == "county" else "city")


def _period(args: argparse.Namespace) -> periods.Period:
    """The period named on the command line."""
    return periods.named_period(args.week, args.month, args.quarter, args.year)


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python cli.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("upgrade", help="create or upgrade the database schema")
    sub.add_parser("load-demo", help="replace all data with the demo data")
    sub.add_parser(
        "clear-demo", help="delete the demo data and demo accounts (places stay) before real data"
    )
    kpis = sub.add_parser("kpis", help="print the headline KPIs of a period as JSON")
    kpis.add_argument("--year", type=int, default=2024)
    kpis.add_argument("--quarter", help="e.g. 2024-Q3")
    kpis.add_argument("--month", help="e.g. 2024-07")
    kpis.add_argument("--week", help="e.g. 2024-W48")
    kpis.add_argument("--place", help="adcode of a city or county (default: the province)")
    admin = sub.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--username", required=True)
    admin.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    pack = sub.add_parser("briefing", help="build the briefing pack (PDF and/or PowerPoint)")
    pack.add_argument("--year", type=int, default=2024)
    pack.add_argument("--quarter", help="e.g. 2024-Q3")
    pack.add_argument("--month", help="e.g. 2024-07")
    pack.add_argument("--week", help="e.g. 2024-W48")
    pack.add_argument("--place", help="adcode of a city or county (default: the province)")
    pack.add_argument("--format", default="pdf,pptx", help="comma list of pdf,pptx")
    pack.add_argument("--lang", default="zh", choices=["zh", "en"])
    pack.add_argument("--out", required=True, help="output folder")
    snap = sub.add_parser("export-map", help="export the overview map as PNG/SVG/PDF (+ CSV/XLSX)")
    snap.add_argument("--metric", default="volunteer_hours")
    snap.add_argument("--year", type=int, default=2024)
    snap.add_argument("--city", help="adcode of a city: draw its counties")
    snap.add_argument("--format", default="png", help="comma list of png,svg,pdf,csv,xlsx")
    snap.add_argument("--lang", default="zh", choices=["zh", "en"])
    snap.add_argument("--out", required=True, help="output folder")
    from services import accounts_cli, alerts_cli, intake_cli, rollup_cli

    accounts_cli.add_parsers(sub)
    alerts_cli.add_parsers(sub)
    intake_cli.add_parsers(sub)
    rollup_cli.add_parsers(sub)
    args = parser.parse_args(argv)
    settings = get_settings()
    engine = make_engine(settings.database_url)
    if args.command == "upgrade":
        from data_access.places import ProvinceMismatch, fill_places

        upgrade_schema(engine)
        try:
            written = fill_places(engine, settings.province_adcode)
        except ProvinceMismatch as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(f"schema up to date; places written: {written}")
    elif args.command == "load-demo":
        from data_access.demo_data import load_demo

        upgrade_schema(engine)
        print(f"demo rows written: {load_demo(engine, settings.province_adcode)}")
        from data_access.accounts import ensure_demo_accounts

        ensure_demo_accounts(engine)
    elif args.command == "clear-demo":
        from data_access.accounts import list_users
        from data_access.dataset_reset import clear_demo

        upgrade_schema(engine)
        admins = [u for u in list_users(engine) if u.role == "admin"]
        if not any(not u.username.startswith("demo_") for u in admins):
            print(
                "请先用 create-admin 创建管理员账号，演示账号将被删除 / "
                "create an admin first: the demo accounts will be removed",
                file=sys.stderr,
            )
            return 2
        print(f"已删除演示数据 / demo rows deleted: {clear_demo(engine)}")
    elif args.command == "kpis":
        from services.headline import as_facts_json, headline

        try:
            period = _period(args)
        except ValueError as exc:
            print(f"期间格式错误 / bad period: {exc}", file=sys.stderr)
            return 2
        upgrade_schema(engine)
        print(
            json.dumps(
                as_facts_json(headline(engine, period, _place(args.place))),
                ensure_ascii=False,
                indent=1,
            )
        )
    elif args.command == "briefing":
        return _briefing(engine, args)
    elif args.command == "create-admin":
        return _create_admin(engine, args)
    elif args.command == "export-map":
        return _export_map(engine, args)
    elif args.command in accounts_cli.COMMANDS:
        return accounts_cli.run(engine, args)
    elif args.command in alerts_cli.COMMANDS:
        return alerts_cli.run(engine, args)
    elif args.command in intake_cli.COMMANDS:
        return intake_cli.run(engine, args)
    elif args.command in rollup_cli.COMMANDS:
        return rollup_cli.run(engine, args)
    return 0


def _briefing(engine: Engine, args: argparse.Namespace) -> int:
    """Build the briefing pack for a scheduled job; non-zero exit with a message on failure."""
    import time
    from pathlib import Path

    from charts import export
    from services.briefing_pack import pack_files, write_pack

    try:
        period = _period(args)
    except ValueError as exc:
        print(f"期间格式错误 / bad period: {exc}", file=sys.stderr)
        return 2
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    export.warm_up(wait=False)  # Chromium starts while the schema is checked and the model built
    settings = get_settings()
    upgrade_schema(engine)
    registry = load_region_registry(settings.province_adcode)
    names = dict(zip(registry["adcode"], registry["name"], strict=True))
    started = time.perf_counter()
    try:
        b, files = pack_files(
            engine, period, _place(args.place), names, settings.province_adcode, args.lang, formats
        )
    except (ValueError, RuntimeError) as exc:
        print(f"简报生成失败 / briefing failed: {exc}", file=sys.stderr)
        return 2
    for path in write_pack(files, b, Path(args.out)):
        print(path)
    print(f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def _create_admin(engine: Engine, args: argparse.Namespace) -> int:
    """Create an admin account; the password is read, never passed on the command line."""
    import getpass

    from data_access.accounts import create_user

    upgrade_schema(engine)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码 / password: ")
        if password != getpass.getpass("再次输入 / again: "):
            print("两次输入的密码不一致 / passwords differ", file=sys.stderr)
            return 2
    try:
        create_user(engine, args.username, password, "admin", by="cli")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"管理员账号已创建 / admin created: {args.username}")
    return 0


def _export_map(engine: Engine, args: argparse.Namespace) -> int:
    """Write the overview map in the requested formats; same look as the app's export."""
    from pathlib import Path

    from charts import export
    from data_access.meta import dataset_facts
    from i18n import source_line, t
    from services.map_metrics import MAP_METRICS
    from services.overview_map import overview_map

    settings = get_settings()
    if args.metric not in MAP_METRICS:
        print(
            f"未知的地图指标 / unknown metric: {args.metric} ({', '.join(MAP_METRICS)})",
            file=sys.stderr,
        )
        return 2
    upgrade_schema(engine)
    registry = load_region_registry(settings.province_adcode)
    names = dict(zip(registry["adcode"], registry["name"], strict=True))
    if args.city and args.city not in names:
        print(f"未知的行政区划代码 / unknown adcode: {args.city}", file=sys.stderr)
        return 2
    period = periods.year(args.year)
    view = overview_map(
        engine, args.metric, period, settings.province_adcode, names, args.city, args.lang
    )
    facts = dataset_facts(engine)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"map_{args.metric}_{args.year}" + (f"_{args.city}" if args.city else "")
    place = names[args.city] if args.city else names[settings.province_adcode]
    for fmt in [f.strip() for f in args.format.split(",") if f.strip()]:
        if fmt in ("png", "svg", "pdf"):
            data = export.figure_image(
                view.figure,
                fmt,
                title=view.title,
                unit=view.unit,
                period_label=f"{period.label(args.lang)} · {place}",
                as_of=t("as_of", args.lang, date=str(facts.get("data_as_of"))),
                source=source_line(bool(facts.get("demo")), args.lang),
            )
        elif fmt == "csv":
            data = export.table_csv(view.table)
        elif fmt == "xlsx":
            data = export.table_xlsx(view.table, sheet_name=view.title[:31], title=view.title)
        else:
            print(f"不支持的格式 / unsupported format: {fmt}", file=sys.stderr)
            return 2
        path = out / f"{stem}.{fmt}"
        path.write_bytes(data)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
