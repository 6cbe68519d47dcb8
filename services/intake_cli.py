"""Command-line import and undo: `cli.py import`, `undo-import`, `write-templates` (and the
older names `import-areas` and `area-templates`, which do the same)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from data_access.intake.specs import DATASETS, dataset_named
from data_access.schema import upgrade_schema
from services.accounts_cli import who

if TYPE_CHECKING:  # the pipeline loads only for an import (0.2 s of every other command)
    from data_access.intake.pipeline import Prepared

COMMANDS = ("import", "import-areas", "undo-import", "write-templates", "area-templates")
SHOWN_REJECTS = 20
SHEET_STATUS = {
    "read": ("已读取", "read"),
    "instructions": ("说明页，未导入", "instructions, not imported"),
    "summary": ("汇总表，未导入", "summary, not imported"),
    "empty": ("空白", "empty"),
    "no_header": ("无本数据集表头，未读取", "no header of this dataset, not read"),
    "refused": ("拒绝", "refused"),
}


def _dataset_names() -> list[str]:
    """Dataset keys and their older names."""
    return sorted({*DATASETS, *(a for s in DATASETS.values() for a in s.aliases)})


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the intake sub-commands to the command line."""
    imp = sub.add_parser("import", help="import a CSV/XLSX file into a dataset (all or nothing)")
    imp.add_argument("--dataset", required=True, choices=_dataset_names())
    imp.add_argument("--file", required=True, type=Path)
    _import_options(imp)
    old = sub.add_parser("import-areas", help="the same as import (older name)")
    old.add_argument("dataset", choices=_dataset_names())
    old.add_argument("file", type=Path)
    _import_options(old)
    undo = sub.add_parser("undo-import", help="undo the last import of a file name")
    undo.add_argument("--file-name", required=True)
    undo.add_argument("--dataset", choices=sorted(DATASETS))
    undo.add_argument("--by", default=None)
    for name in ("write-templates", "area-templates"):
        tpl = sub.add_parser(name, help="write the import templates (XLSX, CSV) and the rules")
        tpl.add_argument("--out", type=Path, default=None)


def _import_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by import and import-areas."""
    parser.add_argument(
        "--partial", action="store_true", help="commit the valid rows, reject the rest"
    )
    parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    parser.add_argument("--by", default=None, help="who imports (default: the login name)")
    parser.add_argument(
        "--rejected-out", type=Path, help="write the rejected rows here (.xlsx or .csv)"
    )


def run(engine: Engine, args: argparse.Namespace) -> int:
    """Run one intake sub-command; return the exit code."""
    if args.command in ("write-templates", "area-templates"):
        from services.intake_files import TEMPLATE_DIR, write_rules_doc, write_templates

        for path in write_templates(args.out or TEMPLATE_DIR):
            print(path)
        if args.out is None:
            print(write_rules_doc())
        return 0
    upgrade_schema(engine)
    if args.command == "undo-import":
        from data_access.intake.undo import UndoError, undo_last_import

        try:
            done = undo_last_import(
                engine, args.file_name, undone_by=who(args.by), dataset=args.dataset
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


def print_summary(prepared: Prepared) -> None:
    """Rows read, accepted, rejected and skipped; each sheet; the notes and the reasons."""
    from data_access.intake.pipeline import rejected_rows, skipped_rows

    print(
        f"读取 {prepared.accepted + prepared.rejected} 行：通过 {prepared.accepted}，"
        f"拒绝 {prepared.rejected}，跳过 {prepared.skipped}"
        f" / read {prepared.accepted + prepared.rejected} rows: {prepared.accepted} accepted, "
        f"{prepared.rejected} rejected, {prepared.skipped} skipped"
    )
    if len(prepared.sheets) > 1 or any(s.status != "read" for s in prepared.sheets):
        for sheet in prepared.sheets:
            zh, en = SHEET_STATUS[sheet.status]
            count = f"（{sheet.rows} 行）" if sheet.status == "read" else ""
            hidden = "（隐藏）" if sheet.hidden else ""
            print(f"  工作表 / sheet “{sheet.name}”{hidden}：{zh}{count} / {en}")
    for _, row in skipped_rows(prepared).iterrows():
        print(f"  跳过第 {row.iloc[0]} 行 / skipped row {row.iloc[0]}: {row.iloc[1]}")
    for zh, en in prepared.checked.notes if prepared.checked else []:
        print(f"  注意 / note: {zh} / {en}")
    rejected = rejected_rows(prepared)
    where = "工作表" in rejected.columns
    for _, row in rejected.head(SHOWN_REJECTS).iterrows():
        in_sheet = f"工作表“{row['工作表']}”" if where else ""
        print(
            f"  拒绝{in_sheet}第 {row['行号']} 行 / rejected row {row['行号']}: {row['原因']}",
            file=sys.stderr,
        )
    if len(rejected) > SHOWN_REJECTS:
        print(f"  …… 另有 {len(rejected) - SHOWN_REJECTS} 行 / and more", file=sys.stderr)


def _import(engine: Engine, args: argparse.Namespace) -> int:
    """Check one file, print the summary, and (unless a dry run) commit it."""
    from data_access.intake.pipeline import commit_import, prepare_import

    spec = dataset_named(args.dataset)
    assert spec is not None  # argparse checked the choice
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"无法读取文件 / cannot read the file: {exc.strerror}", file=sys.stderr)
        return 2
    prepared = prepare_import(engine, spec.key, args.file.name, data)
    for zh, en in prepared.file_errors:
        print(f"文件未导入 / file not imported: {zh} / {en}", file=sys.stderr)
    print_summary(prepared)
    if args.rejected_out and prepared.rejected:
        from services.intake_files import rejected_bytes

        fmt = "xlsx" if args.rejected_out.suffix.lower() in (".xlsx", ".xlsm") else "csv"
        args.rejected_out.write_bytes(rejected_bytes(prepared, fmt))
        print(f"  被拒绝的行已写入 / rejected rows written to {args.rejected_out}")
    if args.dry_run:
        if not prepared.readable:
            return 1
        ok = prepared.rejected == 0 or args.partial
        print(
            "检查完成，未写入 / checked, nothing written: "
            f"{prepared.accepted} 行可导入 / rows would be imported"
        )
        return 0 if ok else 1
    result = commit_import(engine, prepared, imported_by=who(args.by), partial=args.partial)
    zh, en = result.message
    stream = sys.stdout if result.ok else sys.stderr
    print(f"{zh} / {en}", file=stream)
    return 0 if result.ok else 1
