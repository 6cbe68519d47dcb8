"""Command line: upgrade the schema, load the demo data, print headline KPIs as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from config import get_settings
from data_access.aggregate import Place
from data_access.demo_data import load_demo
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
    if args.week:
        y, w = args.week.upper().split("-W")
        return periods.iso_week(int(y), int(w))
    if args.month:
        y, mo = args.month.split("-")
        return periods.month(int(y), int(mo))
    if args.quarter:
        y, q = args.quarter.upper().split("-Q")
        return periods.quarter(int(y), int(q))
    return periods.year(args.year)


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python cli.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("upgrade", help="create or upgrade the database schema")
    sub.add_parser("load-demo", help="replace all data with the demo data")
    kpis = sub.add_parser("kpis", help="print the headline KPIs of a period as JSON")
    kpis.add_argument("--year", type=int, default=2024)
    kpis.add_argument("--quarter", help="e.g. 2024-Q3")
    kpis.add_argument("--month", help="e.g. 2024-07")
    kpis.add_argument("--week", help="e.g. 2024-W48")
    kpis.add_argument("--place", help="adcode of a city or county (default: the province)")
    args = parser.parse_args(argv)
    settings = get_settings()
    engine = make_engine(settings.database_url)
    if args.command == "upgrade":
        upgrade_schema(engine)
        print("schema up to date")
    elif args.command == "load-demo":
        upgrade_schema(engine)
        print(f"demo rows written: {load_demo(engine, settings.province_adcode)}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
