"""Command-line import and undo: `cli.py import` and `cli.py undo-import`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy import Engine

from data_access.intake.pipeline import import_file, rejected_rows, skipped_rows
from data_access.intake.specs import DATASETS
from data_access.intake.undo import UndoError, undo_last_import
from data_access.schema import upgrade_schema

COMMANDS = ("import", "undo-import", "write-templates")
SHOWN_REJECTS = 20


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the intake sub-commands to the command line."""
    imp = sub.add_parser("import", help="import a CSV/XLSX file into a dataset (all or nothing)")
    imp.add_argument("--dataset", required=True, choices=sorted(DATASETS))
    imp.add_argument("--file", required=True, type=Path)
    imp.add_argument(
        "--partial", action="store_true", help="commit the valid rows, reject the rest"
    )
    imp.add_argument("--by", default=None, help="who imports (default: the login name)")
    imp.add_argument("--rejected-out", type=Path, help="write the rejected rows (CSV) here")
    undo = sub.add_parser("undo-import", help="undo the last import of a file name")
    undo.add_argument("--file-name", required=True)
    undo.add_argument("--dataset", choices=sorted(DATASETS))
    undo.add_argument("--by", default=None)
    tpl = sub.add_parser("write-templates", help="write the import templates (XLSX and CSV)")
    tpl.add_argument("--out", type=Path, default=None)


def _who(name: str | None) -> str:
    """The name recorded in the log."""
    if name:
        return name
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def run(engine: Engine, args: argparse.Namespace) -> int:
    """Run one intake sub-command; return the exit code."""
    if args.command == "write-templates":
        from services.intake_files import TEMPLATE_DIR, write_templates

        for path in write_templates(args.out or TEMPLATE_DIR):
            print(path)
        return 0
    upgrade_schema(engine)
    if args.command == "undo-import":
        try:
            done = undo_last_import(
                engine, args.file_name, undone_by=_who(args.by), dataset=args.dataset
            )
        except UndoError as exc:
            print(f"{exc.zh} / {exc.en}", file=sys.stderr)
            return 1
        print(
            f"已撤销导入 {done.import_id}（{done.dataset}）："
            f"恢复 {done.restored} 行，删除 {done.deleted} 行"
            f" / undone import {done.import_id}: {done.restored} restored, {done.deleted} deleted"
        )
        return 0
    return _import(engine, args)


def _import(engine: Engine, args: argparse.Namespace) -> int:
    """Import one file and print the summary."""
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"无法读取文件 / cannot read the file: {exc.strerror}", file=sys.stderr)
        return 2
    prepared, result = import_file(
        engine,
        args.dataset,
        args.file.name,
        data,
        imported_by=_who(args.by),
        partial=args.partial,
    )
    print(
        f"读取 {prepared.accepted + prepared.rejected} 行：通过 {prepared.accepted}，"
        f"拒绝 {prepared.rejected}，跳过 {prepared.skipped}"
        f" / read {prepared.accepted + prepared.rejected} rows: {prepared.accepted} accepted, "
        f"{prepared.rejected} rejected, {prepared.skipped} skipped"
    )
    for _, row in skipped_rows(prepared).iterrows():
        print(f"  跳过第 {row.iloc[0]} 行 / skipped row {row.iloc[0]}: {row.iloc[1]}")
    for zh, en in prepared.checked.notes if prepared.checked else []:
        print(f"  注意 / note: {zh} / {en}")
    rejected = rejected_rows(prepared)
    for _, row in rejected.head(SHOWN_REJECTS).iterrows():
        print(
            f"  拒绝第 {row['行号']} 行 / rejected row {row['行号']}: {row['原因']}",
            file=sys.stderr,
        )
    if len(rejected) > SHOWN_REJECTS:
        print(f"  …… 另有 {len(rejected) - SHOWN_REJECTS} 行 / and more", file=sys.stderr)
    if args.rejected_out and not rejected.empty:
        from services.intake_files import rejected_bytes

        args.rejected_out.write_bytes(rejected_bytes(prepared, "csv"))
        print(f"  被拒绝的行已写入 / rejected rows written to {args.rejected_out}")
    zh, en = result.message
    stream = sys.stdout if result.ok else sys.stderr
    print(f"{zh} / {en}", file=stream)
    return 0 if result.ok else 1
