"""The command line: `python -m cdd schemes | evaluate | lint`, and the store commands of cli_store.

Typed errors from the domain become one line for a person here, and only here; no traceback reaches
the terminal for bad input. Exit status 2 means the input was wrong.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import NoReturn, cast

from cdd.cli import backup as cli_backup
from cdd.cli import review as cli_review
from cdd.cli import rubrics as cli_rubrics
from cdd.cli import users as cli_users
from cdd.cli.store import add_commands, open_store, with_db
from cdd.errors import CddError
from cdd.grading.inputs import InputError, evaluate, schemes
from cdd.grading.report import district_json
from cdd.rubrics.lint import lint_scheme
from cdd.store.database import DatabaseBusy
from cdd.store.rubric_versions import current_schemes, schemes_for_period

BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not a usage screen
        self.exit(BAD_INPUT, f"cdd: {message} (ดู python -m cdd --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m cdd", description="ตัวชี้วัดและการจัดระดับภารกิจสำคัญ สำนักงานพัฒนาชุมชน")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    with_db(commands.add_parser("schemes", help="รายการเกณฑ์ที่เผยแพร่ในฐานข้อมูล: รหัส แล้วชื่อภาษาไทย"))
    run = with_db(commands.add_parser("evaluate", help="จัดระดับหนึ่งอำเภอ หนึ่งช่วงเวลา จาก JSON ทาง stdin"))
    run.add_argument("scheme", help="รหัสเกณฑ์ เช่น click-2567-q3")
    run.add_argument("--district", required=True, help="รหัสอำเภอ เช่น 5709")
    run.add_argument("--period", required=True, help="2567-04 (เดือน), 2567-Q3 (ไตรมาส) หรือ 2567 (ปีงบประมาณ)")
    lint = commands.add_parser("lint", help="ตรวจเกณฑ์: ช่วงที่เว้นหรือซ้อน คะแนนซ้ำ ส่วนย่อยไม่ครบคะแนนเต็ม")
    lint.add_argument("--strict", action="store_true", help="จบด้วยสถานะ 1 เมื่อพบข้อสังเกต")
    bench = commands.add_parser("bench", help="วัดความเร็วและหน่วยความจำกับข้อมูลสังเคราะห์ เทียบกับเป้าหมาย")
    bench.add_argument("--scale", choices=["tiny", "province", "national"], default="national")
    bench.add_argument("--years", type=int, default=1, help="จำนวนปีงบประมาณของประวัติ (วัดเทียบกับ 1 ปี)")
    bench.add_argument("--check", action="store_true", help="จบด้วยสถานะ 1 เมื่อไม่ถึงเป้าหมาย")
    bench.add_argument("--build", help=argparse.SUPPRESS)  # the child process that builds one database
    store_commands = {
        **add_commands(commands),
        **cli_users.add_commands(commands),
        **cli_backup.add_commands(commands),
        **cli_rubrics.add_commands(commands),
        **cli_review.add_commands(commands),
    }
    parser.set_defaults(store_commands=store_commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        cast(io.TextIOWrapper, stream).reconfigure(encoding="utf-8")  # typeshed says TextIO; a process's are wrappers
    args = build_parser().parse_args(argv)
    commands = {
        "schemes": cmd_schemes,
        "evaluate": cmd_evaluate,
        "lint": cmd_lint,
        "bench": cmd_bench,
        **args.store_commands,
    }
    try:
        return commands[args.command](args)
    except DatabaseBusy as busy:  # the dashboard holds the file: say which of its screens does the same job
        print(f"cdd: {busy}{dashboard_screen(args.command)}", file=sys.stderr)
        return busy.exit_status
    except CddError as error:  # the one place typed errors become words and an exit status
        print(f"cdd: {error}", file=sys.stderr)
        return error.exit_status


# The screen of the dashboard that does what a command does, for when the dashboard holds the database.
SCREEN_FOR = {
    "schemes": "เกณฑ์",
    "template": "นำเข้าข้อมูล",
    "evaluate": "อำเภอ",
    "user": "ผู้ดูแลระบบ › บัญชีผู้ใช้",
    "settings": "ผู้ดูแลระบบ › การตั้งค่า",
    "rubric": "จัดการเกณฑ์",
    "import": "นำเข้าข้อมูล",
    "rollback": "นำเข้าข้อมูล",
    "batches": "นำเข้าข้อมูล",
}


def dashboard_screen(command: str) -> str:
    screen = SCREEN_FOR.get(command)
    return f" — งานนี้ทำได้ในแดชบอร์ดที่หน้า «{screen}» (เข้าสู่ระบบด้วยบัญชีที่มีสิทธิ์)" if screen else ""


def cmd_schemes(args: argparse.Namespace) -> int:
    """The schemes published in the database (those published on «จัดการเกณฑ์» too), each its latest version."""
    with open_store(args) as con:
        published = current_schemes(con)
    for scheme in published.values():
        print(f"{scheme.id}\t{scheme.title}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Grades by the published version in force for the period, as the dashboard grades stored figures."""
    text = sys.stdin.read()
    try:
        raw = json.loads(text or "{}", parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(f"อ่าน JSON ไม่ได้ (บรรทัด {error.lineno} คอลัมน์ {error.colno}): {error.msg}") from None
    with open_store(args) as con:
        published = schemes_for_period(con, args.period)
    result = evaluate(args.scheme, args.district, args.period, raw, published)
    print(json.dumps(district_json(result), ensure_ascii=False, indent=2))
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    findings = [f for scheme in schemes().values() for f in lint_scheme(scheme)]
    for finding in findings:
        print(finding.line())
    print(f"พบ {len(findings)} ข้อสังเกตใน {len(schemes())} เกณฑ์")
    return 1 if findings and args.strict else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from cdd.cli import bench  # only the benchmark pays for its imports

    if args.build:
        bench.build(Path(args.build), args.scale, args.years)
        return 0
    return bench.run(args.scale, args.years, args.check)
