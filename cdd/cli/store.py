"""Commands that read or write the DuckDB file: init, template, import, batches, rollback, grades, gaps, status.

Exit status: 0 done; 1 the file has problems (every one printed, nothing written); 2 bad input;
3 the database cannot be used now (another process holds it, or it cannot be read).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from cdd.grading.inputs import InputError, check_period, find_scheme, registry, schemes
from cdd.intake import templates
from cdd.intake.limits import limit_warnings
from cdd.office import clock
from cdd.office.calendar import parse_period
from cdd.store import database as store
from cdd.store import demo, imports, submissions
from cdd.store.period_grades import grade_period
from cdd.store.period_items import period_items
from cdd.store.queries import submission_status
from cdd.store.review import month_reviews
from cdd.store.rubric_versions import current_schemes, schemes_for_period
from cdd.views import exports
from cdd.views import review as review_view

PROBLEMS = 1


def add_commands(commands: argparse._SubParsersAction) -> dict:
    """Register the store commands on the parser; returns name → function."""
    init = with_db(commands.add_parser("init", help="สร้าง/ปรับรุ่นฐานข้อมูล และโหลดรายชื่ออำเภอกับข้อมูลอ้างอิง"))
    init.add_argument("--demo", action="store_true", help="เพิ่มข้อมูลตัวอย่าง (ติดป้าย demo ลบได้)")
    with_db(commands.add_parser("remove-demo", help="ลบข้อมูลตัวอย่างทั้งหมด"))
    template = with_db(commands.add_parser("template", help="แบบฟอร์มรายงานของเกณฑ์ที่เผยแพร่ (CSV หรือ Excel)"))
    template.add_argument("scheme")
    template.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
    template.add_argument("-o", "--output", required=True)
    template.add_argument("--period", help="เดือนที่จะกรอกไว้ให้ เช่น 2567-04")
    imp = with_db(commands.add_parser("import", help="นำเข้าไฟล์รายงาน (ตรวจทั้งไฟล์ก่อนเขียน)"))
    imp.add_argument("file")
    imp.add_argument("--scheme")
    imp.add_argument("--period", help="เดือนของทั้งไฟล์ เมื่อไฟล์ไม่มีคอลัมน์เดือน")
    imp.add_argument("--dry-run", action="store_true", help="แสดงสิ่งที่จะเปลี่ยน โดยไม่เขียน")
    imp.add_argument("--by", default=None, help="ชื่อผู้นำเข้า (ค่าเริ่มต้น: ผู้ใช้เครื่อง)")
    listing = with_db(commands.add_parser("batches", help="ประวัติการนำเข้า"))
    listing.add_argument("--limit", type=int, default=50)
    undo = with_db(commands.add_parser("rollback", help="ยกเลิกชุดข้อมูล คืนค่าที่ถูกแทนที่"))
    undo.add_argument("batch", type=int)
    undo.add_argument("--by", default=None)
    for name, formats in (("grades", ["csv", "json"]), ("gaps", ["csv", "xlsx"]), ("status", ["csv"])):
        sub = with_db(commands.add_parser(name, help=_HELP[name]))
        sub.add_argument("--scheme", required=True)
        sub.add_argument("--period", required=True)
        sub.add_argument("--province")
        sub.add_argument("--format", choices=formats, default=formats[0])
        sub.add_argument("-o", "--output", required=name == "gaps")
    return {
        "init": cmd_init,
        "remove-demo": cmd_remove_demo,
        "template": cmd_template,
        "import": cmd_import,
        "batches": cmd_batches,
        "rollback": cmd_rollback,
        "grades": cmd_grades,
        "gaps": cmd_gaps,
        "status": cmd_status,
    }


_HELP = {
    "grades": "ระดับของทุกอำเภอ: หนึ่งแถวต่ออำเภอและภารกิจ",
    "gaps": "รายการที่ยังขาด เรียงจากหนักไปเบา (CSV หรือ Excel สำหรับพิมพ์)",
    "status": "สถานะการส่งรายงานรายอำเภอรายเดือน",
}


def with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", help=f"ไฟล์ฐานข้อมูล (ค่าเริ่มต้น ${store.DB_ENV} หรือ data/cdd.duckdb)")
    return parser


def open_store(args: argparse.Namespace):
    # A command run before the dashboard's first visit makes the database the dashboard would (districts,
    # demo data, open viewing): the first steps leave the same product whichever comes first.
    demo.ensure_database(args.db)
    con = store.connect(args.db)
    if store.one_row(con, "SELECT count(*) FROM districts")[0] == 0:
        store.load_registry_into(con, registry())
    return con


def cmd_init(args: argparse.Namespace) -> int:
    if args.demo:  # on a new file, exactly the dashboard's first run: demo data, open for reading
        demo.ensure_database(args.db)
    con = store.connect(args.db)
    store.load_registry_into(con, registry())
    print(f"ฐานข้อมูล {store.database_path(args.db)} รุ่น {store.schema_version(con)}: {len(registry().districts)} อำเภอ")
    if args.demo:
        if store.one_row(con, "SELECT count(*) FROM batches WHERE is_demo")[0]:
            print("มีข้อมูลตัวอย่างอยู่แล้ว: ลบด้วย python -m cdd remove-demo ก่อนถ้าต้องการสร้างใหม่")
        else:
            print(f"เพิ่มข้อมูลตัวอย่าง (demo) {demo.add_demo(con, schemes(), registry())} ชุด")
    return 0


def cmd_remove_demo(args: argparse.Namespace) -> int:
    print(f"ลบข้อมูลตัวอย่าง {demo.remove_demo(open_store(args))} ชุดแล้ว")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """The form of the published version for the period (its latest without one), as «นำเข้าข้อมูล» gives it."""
    period = check_period_loose(args.period)
    with open_store(args) as con:
        scheme = find_scheme(args.scheme, schemes_for_period(con, args.period))
    writer = templates.write_template_xlsx if args.format == "xlsx" else templates.write_template_csv
    Path(args.output).write_bytes(writer(scheme, registry(), period))
    print(f"เขียนแบบฟอร์ม {scheme.id} ลง {args.output}")
    return 0


def check_period_loose(token: str | None):
    if not token:
        return None
    try:
        return parse_period(token)
    except ValueError as error:
        raise InputError(str(error)) from None


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"ไม่พบไฟล์ '{args.file}'")
    data = path.read_bytes()
    for warning in limit_warnings():
        print(f"cdd: {warning}", file=sys.stderr)
    con = open_store(args)
    checked = imports.check_file(con, path.name, data, current_schemes(con, open_only=True), args.scheme, args.period)
    if not checked.ok:
        print_problems(checked.problems)
        return PROBLEMS
    if args.dry_run:
        print(f"ทดลอง (ไม่ได้เขียน) {imports.summary(checked)}")
        return 0
    done = imports.import_checked(con, checked, args.by or getpass.getuser())
    if done.batch is None:
        print(f"ไม่ได้บันทึก (ไม่มีค่าหรือหลักฐานใหม่) {done.summary}")
        return 0
    print(f"นำเข้าแล้ว ชุดที่ {done.batch}: {done.summary}" + (f" (สำเนาก่อนนำเข้า: {done.backup})" if done.backup else ""))
    return 0


def print_problems(problems) -> None:
    print(f"ไฟล์มีปัญหา {len(problems)} รายการ ยังไม่ได้เขียนข้อมูลใดเลย:", file=sys.stderr)
    for p in problems:
        where = " ".join(part for part in (f"แถว {p.row}" if p.row else "", p.column or "") if part) or "ทั้งไฟล์"
        value = f" ค่า '{p.value}'" if p.value is not None else ""
        print(f"- {where}{value} [{p.code}]: {p.message}", file=sys.stderr)


def cmd_batches(args: argparse.Namespace) -> int:
    frame = submissions.batches(open_store(args), args.limit)
    print(frame.drop(columns=["sha256"]).to_string(index=False) if len(frame) else "ยังไม่มีการนำเข้า")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    try:
        restored = submissions.rollback(open_store(args), args.batch, args.by or getpass.getuser())
    except submissions.RollbackRefused as refused:
        raise InputError(str(refused)) from None
    print(f"ยกเลิกชุดที่ {args.batch} แล้ว คืนค่าเดิม {restored} ค่า")
    return 0


def cmd_grades(args: argparse.Namespace) -> int:
    con = open_store(args)
    rows = exports.grade_rows(grade_period(con, args.scheme, args.period, args.province), store.registry_from(con))
    if args.format == "json":
        _emit(exports.write_grades_json(rows).encode("utf-8"), args.output)
    else:
        _emit(exports.write_grades_csv(rows), args.output)
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    con = open_store(args)
    scheme = find_scheme(args.scheme, current_schemes(con))
    items = period_items(con, args.scheme, args.period, args.province)
    rows = exports.gap_rows(grade_period(con, args.scheme, args.period, args.province), store.registry_from(con), items)
    # The file carries the screen's การตรวจ column: whether each district's figures of the period were checked.
    months = [m.token for m in scheme.months_of(parse_period(args.period))]
    rows = review_view.with_checks(rows, month_reviews(con, months=months), months)
    title = f"รายการที่ยังขาด {scheme.title} ช่วง {args.period}"
    data = exports.write_gaps_xlsx(rows, title) if args.format == "xlsx" else exports.write_gaps_csv(rows)
    Path(args.output).write_bytes(data)
    print(f"เขียน {len(rows)} รายการลง {args.output}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    con = open_store(args)
    scheme = find_scheme(args.scheme, current_schemes(con))
    period = check_period(scheme, args.period)
    provinces = [args.province] if args.province else list(scheme.provinces)
    codes = [d.code for p in provinces for d in store.registry_from(con).in_province(p)]
    rows = submission_status(con, scheme, codes, list(period.months), clock.today())
    lines = ["code,month,status,status_th,due,first_sent,last_changed"] + [
        f"{r.code},{r.month},{r.status},{r.thai},{r.due or ''},{r.first_sent or ''},{r.last_changed or ''}"
        for r in rows
    ]
    _emit(("\n".join(lines) + "\n").encode("utf-8"), args.output)
    return 0


def _emit(data: bytes, output: str | None) -> None:
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
