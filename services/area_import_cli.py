"""`cli.py import-areas` and `cli.py area-templates`: buildout and burden-reduction imports."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy import Engine

from data_access.import_buildout_signage import DATASETS, TEMPLATE_DIR, import_file, write_templates
from data_access.schema import upgrade_schema

COMMANDS = ("import-areas", "area-templates")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the sub-commands to the command line."""
    imp = sub.add_parser(
        "import-areas",
        help="import buildout / burden-reduction data from CSV or XLSX (all or nothing)",
        description="Columns: docs/import_buildout_signage.md; templates: assets/templates/.",
    )
    imp.add_argument("dataset", choices=list(DATASETS))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    imp.add_argument("--by", default=None, help="who imports (default: the login name)")
    tpl = sub.add_parser("area-templates", help="write the import templates (CSV and XLSX)")
    tpl.add_argument("--out", type=Path, default=TEMPLATE_DIR)


def _who(name: str | None) -> str:
    """The name recorded in the import log."""
    if name:
        return name
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "cli"


def run(engine: Engine, args: argparse.Namespace) -> int:
    """Run one of the sub-commands; 0 when every row was accepted, 1 when any was rejected."""
    if args.command == "area-templates":
        for path in write_templates(args.out):
            print(path)
        return 0
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"无法读取文件 / cannot read the file: {exc.strerror}", file=sys.stderr)
        return 2
    upgrade_schema(engine)
    out = import_file(
        engine, args.dataset, data, args.file.name, imported_by=_who(args.by), dry_run=args.dry_run
    )
    for note in out.notes:
        print(f"注意：{note}")
    for problem in out.problems:
        print(f"文件未导入：{problem}", file=sys.stderr)
    for line, reason in out.rejected:
        print(f"拒绝第 {line} 行：{reason}", file=sys.stderr)
    if out.rejected:
        print(
            f"有 {len(out.rejected)} 行未通过检查，整个文件未写入 / "
            f"{len(out.rejected)} rows rejected, nothing written",
            file=sys.stderr,
        )
    if not out.ok:
        return 1
    verb = "检查通过（未写入）" if args.dry_run else "已导入"
    print(
        f"{verb}：新增 {out.inserted} 行，更新 {out.updated} 行，未变 {out.unchanged} 行 / "
        f"{'checked' if args.dry_run else 'imported'}: {out.inserted} new, "
        f"{out.updated} updated, {out.unchanged} unchanged"
    )
    return 0
