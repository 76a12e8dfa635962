"""`python -m cdd rubric list | show | export | validate | preview | publish | retire`: the published
versions of the rubrics (cdd/store/rubric_versions.py), for scripts and for when the dashboard is stopped.

Exit status: 0 done; 1 the file has problems (each printed in Thai; publish writes nothing);
2 bad input (an unknown version, a missing file); 3 the database is held by the dashboard or unreadable.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from cdd.grading.inputs import InputError
from cdd.office.calendar import PeriodError, parse_period
from cdd.rubrics.lint import lint_scheme
from cdd.store import database
from cdd.store import rubric_versions as rv
from cdd.views.rubric_preview import preview

PROBLEMS = 1


def add_commands(commands: argparse._SubParsersAction) -> dict:
    rubric = commands.add_parser("rubric", help="เกณฑ์ที่เผยแพร่ในฐานข้อมูล: ดู ส่งออก ตรวจ ทดลอง เผยแพร่ เลิกใช้")
    actions = rubric.add_subparsers(dest="rubric_command", required=True)
    _with_db(actions.add_parser("list", help="ทุกรุ่นของทุกเกณฑ์ พร้อมหนังสือสั่งการ เดือนที่มีผล ผู้เผยแพร่"))
    _with_db(actions.add_parser("show", help="รายละเอียดของเกณฑ์หนึ่งรุ่น")).add_argument("ref", metavar="ID")
    export = _with_db(actions.add_parser("export", help="ส่งออกเกณฑ์หนึ่งรุ่นเป็นไฟล์ TOML"))
    export.add_argument("ref", metavar="ID")
    export.add_argument("-o", "--output", required=True)
    actions.add_parser("validate", help="ตรวจไฟล์เกณฑ์ (จบด้วยสถานะ 1 เมื่อมีปัญหา)").add_argument("file")
    trial = _with_db(actions.add_parser("preview", help="ให้ระดับข้อมูลช่วงหนึ่งด้วยเกณฑ์ในไฟล์ เทียบกับเกณฑ์ที่ใช้อยู่"))
    trial.add_argument("file")
    trial.add_argument("--period", required=True, help="ช่วงที่มีข้อมูล เช่น 2567-06 หรือ 2567-Q3")
    trial.add_argument("--against", help="รหัสเกณฑ์ที่ใช้เทียบ (ค่าเริ่มต้น: รหัสในไฟล์)")
    trial.add_argument("--province", help="รหัสจังหวัด (ค่าเริ่มต้น: ทุกจังหวัดของเกณฑ์ที่เทียบ)")
    publish = _with_db(actions.add_parser("publish", help="เผยแพร่ไฟล์เกณฑ์เป็นรุ่นใหม่ (ไม่เขียนเลยถ้ามีปัญหา)"))
    publish.add_argument("file")
    publish.add_argument("--by", help="ชื่อผู้เผยแพร่ (ค่าเริ่มต้น: ผู้ใช้เครื่อง)")
    publish.add_argument("--from", dest="effective_from", help="เดือนที่เริ่มมีผล เช่น 2570-01 (ค่าเริ่มต้น: เดือนแรกของเกณฑ์)")
    retire = _with_db(actions.add_parser("retire", help="เลิกใช้เกณฑ์รุ่นหนึ่ง (ยังให้ระดับช่วงที่ผ่านมาของมัน)"))
    retire.add_argument("ref", metavar="ID")
    retire.add_argument("--by", help="ชื่อผู้สั่งเลิกใช้ (ค่าเริ่มต้น: ผู้ใช้เครื่อง)")
    return {"rubric": cmd_rubric}


def _with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", help=f"ไฟล์ฐานข้อมูล (ค่าเริ่มต้น ${database.DB_ENV} หรือ data/cdd.duckdb)")
    return parser


def cmd_rubric(args: argparse.Namespace) -> int:
    actions = {
        "list": rubric_list,
        "show": rubric_show,
        "export": rubric_export,
        "validate": rubric_validate,
        "preview": rubric_preview,
        "publish": rubric_publish,
        "retire": rubric_retire,
    }
    return actions[args.rubric_command](args)


def _open(args: argparse.Namespace):
    return database.connect(args.db)


def rubric_list(args: argparse.Namespace) -> int:
    for v in rv.versions(_open(args)):
        state = f"เลิกใช้ {v.retired_at:%Y-%m-%d} โดย {v.retired_by}" if v.retired else "ใช้อยู่"
        print(
            f"{v.ref}\t{state}\tมีผล {v.effective_from} ถึง {v.effective_to}\tหนังสือที่ {v.letter_number} "
            f"ลงวันที่ {v.letter_date}\tเผยแพร่ {v.published_at:%Y-%m-%d %H:%M} โดย {v.published_by}\t{v.scheme.title}"
        )
    return 0


def rubric_show(args: argparse.Namespace) -> int:
    v = _version(args)
    scheme = v.scheme
    print(f"{v.ref}: {scheme.title}")
    print(f"อ้างอิง: {scheme.letter}")
    print(
        f"มีผล: {v.effective_from} ถึง {v.effective_to} · จังหวัด {', '.join(scheme.provinces)} · ให้ระดับราย {scheme.grain}"
    )
    print(
        f"เผยแพร่: {v.published_at:%Y-%m-%d %H:%M} โดย {v.published_by}"
        + (f" · เลิกใช้โดย {v.retired_by}" if v.retired else "")
    )
    for mission in scheme.missions:
        print(f"\n[{mission.id}] {mission.title} ({mission.shape})")
        for criterion in mission.criteria:
            for grade, rule in criterion.levels.items():
                print(f"  {criterion.id} {grade}: {' และ '.join(str(c) for c in rule.when)}")
        for item in mission.items:
            rules = [str(c) for c in item.when] + [
                f"{s.points} คะแนน: {' และ '.join(map(str, s.when))}" for s in item.steps
            ]
            print(f"  {item.id}: {' | '.join(rules)}")
    return 0


def rubric_export(args: argparse.Namespace) -> int:
    v = _version(args)
    Path(args.output).write_text(v.toml, encoding="utf-8")
    print(f"ส่งออก {v.ref} ลง {args.output}")
    return 0


def _version(args: argparse.Namespace) -> rv.Version:
    return rv.find_version(_open(args), args.ref)


def _checked(path_text: str):
    """The scheme a file describes, or None after printing every problem (exit 1)."""
    path = Path(path_text)
    if not path.is_file():
        raise InputError(f"ไม่พบไฟล์ '{path_text}': ตรวจชื่อและที่อยู่ของไฟล์")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = ""
        problems = [f"{path.name}: ไฟล์ไม่ใช่ UTF-8: บันทึกใหม่เป็น UTF-8"]
        scheme = None
    else:
        scheme, problems = rv.problems_of(text)
    for problem in problems:
        print(f"{path.name}: {problem}", file=sys.stderr)
    if problems:
        print(f"พบปัญหา {len(problems)} ข้อ: แก้แล้วตรวจใหม่ ยังไม่ได้เขียนอะไรลงฐานข้อมูล", file=sys.stderr)
        return None, text
    return scheme, text


def rubric_validate(args: argparse.Namespace) -> int:
    scheme, _ = _checked(args.file)
    if scheme is None:
        return PROBLEMS
    findings = lint_scheme(scheme)
    for finding in findings:
        print(f"ข้อสังเกต: {finding.line()}")
    print(f"{scheme.id}: ใช้ได้ ({len(scheme.missions)} ภารกิจ, ข้อสังเกต {len(findings)} ข้อ)")
    return 0


def rubric_preview(args: argparse.Namespace) -> int:
    scheme, _ = _checked(args.file)
    if scheme is None:
        return PROBLEMS
    try:
        parse_period(args.period)
    except PeriodError as error:
        raise InputError(str(error)) from None
    con = _open(args)
    against = args.against or scheme.id
    result = preview(con, scheme, args.period, against, args.province)
    for row in result.rows():
        print("\t".join(str(value) for value in row.values()))
    counted = " ".join(f"{direction} {n}" for direction, n in result.counts().items())
    print(f"{args.period} เทียบกับ {against}: {counted} (ทดลองเท่านั้น ไม่ได้บันทึก)")
    return 0


def rubric_publish(args: argparse.Namespace) -> int:
    scheme, text = _checked(args.file)
    if scheme is None:
        return PROBLEMS
    version = rv.publish(_open(args), text, args.by or getpass.getuser(), args.effective_from)
    print(f"เผยแพร่ {version.ref} แล้ว: มีผล {version.effective_from} ถึง {version.effective_to}")
    return 0


def rubric_retire(args: argparse.Namespace) -> int:
    version = rv.retire(_open(args), args.ref, args.by or getpass.getuser())
    print(f"เลิกใช้ {version.ref} แล้ว: ช่วงที่ผ่านมายังให้ระดับด้วยรุ่นนี้ ไม่รับข้อมูลใหม่")
    return 0
