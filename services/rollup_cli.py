"""Command line: `cli.py rebuild-rollups` recomputes the rollups from the facts."""

from __future__ import annotations

import argparse
import time

from sqlalchemy import Engine

from data_access.rollups import rebuild_period_rollups, rebuild_volunteer_rollup
from data_access.schema import upgrade_schema

COMMANDS = ("rebuild-rollups",)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the rollup sub-command to the command line."""
    sub.add_parser(
        "rebuild-rollups",
        help="recompute volunteer_service (daily totals) from volunteer_record for the dates "
        "that have records, then every monthly and weekly rollup from its facts",
    )


def run(engine: Engine, args: argparse.Namespace) -> int:
    """Rebuild the rollups; print what was done."""
    upgrade_schema(engine)
    started = time.perf_counter()
    done = rebuild_volunteer_rollup(engine)
    print(
        f"已重建志愿服务日汇总：{done.dates} 天，{done.rows} 行"
        f" / volunteer rollup rebuilt: {done.dates} days, {done.rows} rows"
        f" ({time.perf_counter() - started:.1f} s)"
    )
    started = time.perf_counter()
    rows = rebuild_period_rollups(engine)
    print(
        f"已重建月度、周度汇总：{rows} 行"
        f" / monthly and weekly rollups rebuilt: {rows} rows"
        f" ({time.perf_counter() - started:.1f} s)"
    )
    return 0
